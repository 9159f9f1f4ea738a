import { notFound } from "@/lib/api/errors";
import { getPrisma } from "@/lib/db";
import { buildIndex, materializeObjects } from "@/lib/materialize";
import { listBindings, listLabels } from "@/lib/store/labels";
import { latestMaterialized } from "@/lib/store/materialized";
import { findPatch, listPatches } from "@/lib/store/patches";
import { decrypt } from "../crypto";
import { redactConfigText } from "../redact";
import { TRANSFORM_TARGET, loadScope, loadStoreView, transformsOf } from "./state";
import { configView, reachOf } from "./views";

/**
 * Read models for the console: what its pages need in one call each, sized for a 1,000-object
 * store (no config texts in the object list; configs only for the names asked for).
 */

export type ConsoleObject = {
  name: string;
  kind: string;
  releaseVersion: string;
  stale: boolean;
  /** The patch version of the newest materialized config (0: base only). */
  patchVersion: number;
  state: "IS_GOLDEN" | "NOT_GOLDEN" | "NONE";
  /** The patch version now in the cluster (null: never applied). */
  goldenPatchVersion: number | null;
  labels: string[];
};

export type ConsoleLabel = { name: string; isDefault: boolean; objects: number };

type HeadRow = { object_name: string; patch_version: bigint | null; state: string; golden: bigint | null; has_golden: boolean };

/** Every object with kind, release, newest patch version, golden state and labels; every label with its object count. */
export async function consoleObjects(): Promise<{ newestRelease: string | null; objects: ConsoleObject[]; labels: ConsoleLabel[] }> {
  const prisma = await getPrisma();
  const [view, labelRows, bindings, heads] = await Promise.all([
    loadStoreView(),
    listLabels(),
    listBindings(),
    prisma.$queryRaw<HeadRow[]>`
      SELECT latest.object_name, latest.patch_version, latest.state, golden.patch_version AS golden, golden.object_name IS NOT NULL AS has_golden
      FROM (SELECT DISTINCT ON (object_name) object_name, patch_version, state FROM materialized_configs
            ORDER BY object_name, timestamp_ms DESC, created_at DESC) latest
      LEFT JOIN (SELECT DISTINCT ON (object_name) object_name, patch_version FROM materialized_configs
                 WHERE state = 'IS_GOLDEN' ORDER BY object_name, timestamp_ms DESC) golden
        ON golden.object_name = latest.object_name`,
  ]);
  const headOf = new Map(heads.map((h) => [h.object_name, h]));
  const labelsOf = new Map<string, Set<string>>();
  for (const b of bindings) (labelsOf.get(b.objectName) ?? labelsOf.set(b.objectName, new Set()).get(b.objectName)!).add(b.label);
  const objects = [...view.objects.values()]
    .map((o): ConsoleObject => {
      const head = headOf.get(o.objectName);
      const labels = labelsOf.get(o.objectName) ?? new Set<string>();
      labels.add(o.kind);
      return {
        name: o.objectName,
        kind: o.kind,
        releaseVersion: o.releaseVersion,
        stale: o.stale,
        patchVersion: head?.patch_version ? Number(head.patch_version) : 0,
        state: head ? (head.state === "IS_GOLDEN" ? "IS_GOLDEN" : "NOT_GOLDEN") : "NONE",
        goldenPatchVersion: head?.has_golden ? Number(head.golden ?? 0) : null,
        labels: [...labels].sort(),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  const counts = new Map<string, number>();
  for (const o of objects) for (const l of o.labels) counts.set(l, (counts.get(l) ?? 0) + 1);
  const names = new Map(labelRows.map((l) => [l.name, l.isDefault]));
  for (const b of bindings) if (!names.has(b.label)) names.set(b.label, b.isDefault);
  const labels = [...names]
    .map(([name, isDefault]) => ({ name, isDefault, objects: counts.get(name) ?? 0 }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return { newestRelease: view.newestRelease, objects, labels };
}

/** The newest materialized configs of the named objects (Secrets redacted); unknown names are left out. */
export async function consoleConfigs(names: readonly string[]) {
  const rows = await latestMaterialized(names);
  return rows.map((row) => {
    const view = configView(row);
    return { objectName: view.objectName, kind: (row.metadata as { type?: string }).type ?? "", config: view.config, patchVersion: view.patchVersion, state: view.state };
  });
}

/**
 * What deleting a patch would do: for each object it reaches now, the config today and the
 * config re-materialized without that patch (Secrets redacted). Nothing is written.
 */
export async function deleteImpact(version: bigint) {
  const row = await findPatch(version);
  if (!row || row.deletedAt) throw notFound(`No patch with version ${version}`);
  const view = await loadStoreView();
  const names = reachOf(view, row);
  const [scope, current, transformRows] = await Promise.all([
    loadScope(view, names),
    latestMaterialized(names),
    listPatches({ targets: [TRANSFORM_TARGET] }),
  ]);
  const index = buildIndex({
    objects: scope.objects,
    patches: scope.patches.filter((p) => BigInt(p.version) !== version),
    bindings: view.bindings,
    transforms: transformsOf(transformRows.filter((r) => r.version !== version)),
  });
  const before = new Map(current.map((r) => [r.objectName, r]));
  const entries = materializeObjects(index, names, { provenance: false }).map((m) => {
    const was = before.get(m.name);
    return {
      objectName: m.name,
      kind: m.kind,
      before: was ? redactConfigText(m.kind, decrypt(was.config)) : "",
      after: redactConfigText(m.kind, m.config),
    };
  });
  return { version: Number(version), target: row.target, entries };
}
