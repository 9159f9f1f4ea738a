import { z } from "zod";
import { invalidInput } from "@/lib/services/errors";
import { parseDocument, toYaml } from "@/lib/materialize";
import { latestMaterialized } from "@/lib/store/materialized";
import { countLivePatches } from "@/lib/store/patches";
import { readState, writeState } from "@/lib/store/system-state";
import { applyPatches } from "../configs/apply-patches";
import type { PushResult } from "../configs/push";
import { decrypt } from "../crypto";
import { findObjectOfKind, loadStoreView } from "../configs/state";
import { audit } from "./audit";
import { sameScalar } from "./drift-diff";
import { isWorkloadKind } from "./workloads";
import large from "./sizes/large.json";
import standard from "./sizes/standard.json";
import xLarge from "./sizes/x-large.json";

/**
 * `resourcing/cluster/:size`: the presets in ./sizes/*.json give, per workload, its replicas and
 * the CPU/memory requests and limits of each of its containers. Applying a size records one
 * strategic merge patch per workload the store holds (visible in `patches`, removable with
 * `DELETE patches/VERSION`; removing the newest size patch falls back to the previous one) and
 * pushes them. Workloads of a preset that the store does not hold are skipped. The size is
 * recorded as current once its patches are stored (a failed push does not unstore them), and is
 * no longer claimed once one of its patches is deleted.
 */

const quantity = z.string().regex(/^\d+(\.\d+)?(m|Ki|Mi|Gi|Ti)?$/);
const resources = z.object({ cpu: quantity, memory: quantity }).strict();
const presetSchema = z
  .object({
    size: z.string(),
    description: z.string(),
    workloads: z.record(
      z.string(),
      z.object({ replicas: z.number().int().min(0), resources: z.object({ requests: resources, limits: resources }).strict() }).strict(),
    ),
  })
  .strict();

export type SizePreset = z.infer<typeof presetSchema>;

const PRESETS: readonly SizePreset[] = [standard, large, xLarge].map((p) => presetSchema.parse(p));
export const SIZE_NAMES = PRESETS.map((p) => p.size);

export function presetOrThrow(size: string): SizePreset {
  const preset = PRESETS.find((p) => p.size === size);
  if (!preset) throw invalidInput(`Invalid parameters: unknown cluster size '${size}' (one of ${SIZE_NAMES.join(", ")})`);
  return preset;
}

const CURRENT_SIZE = "cluster-size";
type CurrentSize = { size: string; at: string; by: string };
/** `versions`: the size's patches (decimal strings); the size is current while all of them are. */
type SizeRecord = CurrentSize & { versions?: string[] };

async function currentSize(): Promise<CurrentSize | null> {
  const record = await readState<SizeRecord>(CURRENT_SIZE);
  const versions = (record?.versions ?? []).map(BigInt);
  if (!record || versions.length === 0 || (await countLivePatches(versions)) !== versions.length) return null;
  return { size: record.size, at: record.at, by: record.by };
}

export async function clusterSizes(): Promise<{ current: CurrentSize | null; sizes: { name: string; description: string; workloads: string[] }[] }> {
  return {
    current: await currentSize(),
    sizes: PRESETS.map((p) => ({ name: p.size, description: p.description, workloads: Object.keys(p.workloads) })),
  };
}

type Container = { name: string; resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> } };
/** `name`: the preset's name for it; `key`: the stored object's key. */
type Workload = { name: string; key: string; kind: string; replicas: number | undefined; containers: Container[] };

/** The stored workloads (Deployments, StatefulSets) the presets name by bare name; a Service of the same name is not one. */
async function storedWorkloads(names: readonly string[]): Promise<Map<string, Workload>> {
  const view = await loadStoreView();
  const keyOf = new Map<string, string>();
  for (const name of names) {
    const key = findObjectOfKind(view, name, isWorkloadKind);
    if (key !== undefined) keyOf.set(key, name);
  }
  const found = new Map<string, Workload>();
  for (const row of await latestMaterialized([...keyOf.keys()])) {
    const object = parseDocument(decrypt(row.config)) as { kind: string; spec?: { replicas?: number; template?: { spec?: { containers?: Container[] } } } };
    const name = keyOf.get(row.objectKey)!;
    found.set(name, {
      name,
      key: row.objectKey,
      kind: object.kind,
      replicas: object.spec?.replicas,
      containers: object.spec?.template?.spec?.containers ?? [],
    });
  }
  return found;
}

export type SizeChange = { field: string; from: string | null; to: string };
export type SizePreview = { object: string; kind: string | null; inStore: boolean; changes: SizeChange[] };

/** What applying the size would change, per workload of the preset (the console's preview). */
export async function previewSize(size: string): Promise<SizePreview[]> {
  const preset = presetOrThrow(size);
  const stored = await storedWorkloads(Object.keys(preset.workloads));
  return Object.entries(preset.workloads).map(([name, want]) => {
    const workload = stored.get(name);
    if (!workload) return { object: name, kind: null, inStore: false, changes: [] };
    const changes: SizeChange[] = [];
    const note = (field: string, from: unknown, to: string) => {
      const current = from === undefined || from === null ? null : String(from);
      if (!sameScalar(current, to)) changes.push({ field, from: current, to });
    };
    note("replicas", workload.replicas ?? 1, String(want.replicas));
    for (const c of workload.containers) {
      for (const side of ["requests", "limits"] as const) {
        for (const resource of ["cpu", "memory"] as const) {
          note(`${c.name}.${side}.${resource}`, c.resources?.[side]?.[resource], want.resources[side][resource]);
        }
      }
    }
    return { object: name, kind: workload.kind, inStore: true, changes };
  });
}

function patchText(workload: Workload, want: SizePreset["workloads"][string]): string {
  const body = {
    kind: workload.kind,
    spec: {
      replicas: want.replicas,
      template: { spec: { containers: workload.containers.map((c) => ({ name: c.name, resources: want.resources })) } },
    },
  };
  return `# target: ${workload.key}\n${toYaml(body)}`;
}

export async function applySize(size: string, actor: string): Promise<PushResult & { skipped: string[] }> {
  const preset = presetOrThrow(size);
  const stored = await storedWorkloads(Object.keys(preset.workloads));
  const skipped = Object.keys(preset.workloads).filter((name) => !stored.has(name));
  const inputs = [...stored.values()].map((w) => ({ text: patchText(w, preset.workloads[w.name]!), source: `size ${size}: ${w.name}` }));
  const result = inputs.length
    ? await applyPatches(inputs, { description: `Cluster size ${preset.size} (${preset.description})`, createdBy: actor })
    : { successful: [], failed: new Map<string, string>(), versions: [] };
  if (result.versions.length > 0) {
    const record: SizeRecord = { size: preset.size, at: new Date().toISOString(), by: actor, versions: result.versions.map(String) };
    await writeState(CURRENT_SIZE, record);
  }
  await audit(actor, "resourcing.cluster-size", preset.size, {
    patched: [...stored.keys()].sort(),
    skipped,
    successful: result.successful,
    failed: Object.fromEntries(result.failed),
  });
  return { successful: result.successful, failed: result.failed, skipped };
}
