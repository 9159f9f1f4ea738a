import pLimit from "p-limit";
import { invalidInput, notFound } from "@/lib/services/errors";
import { getConfig } from "@/lib/config/env";
import type { KubeGateway, KubeObject } from "@/lib/kube";
import { buildCrdIndex, parseDocument, toYaml } from "@/lib/materialize";
import { readHibernationFlag } from "@/lib/store/hibernation";
import { latestMaterialized } from "@/lib/store/materialized";
import { getKube } from "../cluster";
import { displayName, loadStoreView, resolveObjectOrThrow } from "../configs/state";
import { decrypt } from "../crypto";
import { redactedMarker } from "../redact";
import { ABSENT, type DiffRow, diffRows, livePatch } from "./drift-diff";
import { asKubeError, describeError, withKubeRetries } from "./retry";
import { ANNOTATION_PREFIX, isWorkloadKind, managerWorkloadTest } from "./workloads";

/**
 * `configs/k8s-inconsistencies`: each object's newest materialized config (the golden one once
 * pushed) against the live object, fields the config sets only (drift-diff.ts). The cluster is read
 * with one LIST per (kind, namespace), never one GET per object. Replicas are expected at 0 while
 * hibernated, and not compared for workloads an HPA or an autoscaling controller scales.
 */

/** Why an object was not compared (`skippedResources[name].code`). */
export const SKIP_CODES = {
  /** The config does not parse as a Kubernetes object. */
  INVALID_CONFIG: 1,
  /** The cluster does not serve the kind (discovery has no such resource). */
  KIND_NOT_SERVED: 2,
  /** Listing the kind in the namespace failed (forbidden, unreachable, ...). */
  LIST_FAILED: 3,
} as const;

export type Inconsistencies = {
  numInconsistencies: number;
  inconsistentResources: Record<string, { diffRows: DiffRow[] }>;
  consistentResources: string[];
  skippedResources: Record<string, { code: number; reason: string }>;
};

export type DriftInput = { name: string; config: string };
export type DriftOptions = {
  defaultNamespace: string;
  hibernated: boolean;
  /** The manager's own workload, which hibernate leaves running (default: none). */
  isManager?: (w: KubeObject) => boolean;
  parallel?: number;
};

type Parsed = { name: string; object: KubeObject };

/** Compares configs with the cluster (gateway passed in: the unit test counts its calls). */
export async function computeDrift(gateway: KubeGateway, inputs: readonly DriftInput[], options: DriftOptions): Promise<Inconsistencies> {
  const report: Inconsistencies = { numInconsistencies: 0, inconsistentResources: {}, consistentResources: [], skippedResources: {} };
  const { parsed, invalid } = parseInputs(inputs);
  for (const [name, reason] of invalid) report.skippedResources[name] = { code: SKIP_CODES.INVALID_CONFIG, reason };
  const scaledByOthers = autoscaledWorkloads(parsed.map((p) => p.object));
  // Custom resources' lists are told apart by their CRDs' list-map-keys.
  const crds = buildCrdIndex(parsed.map((p) => p.object));
  const groups = new Map<string, { kind: string; apiVersion: string; namespace: string | undefined; members: Parsed[] }>();
  for (const p of parsed) {
    const key = `${p.object.apiVersion}|${p.object.kind}|${p.object.metadata.namespace ?? ""}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { kind: p.object.kind, apiVersion: p.object.apiVersion, namespace: p.object.metadata.namespace, members: [] }));
    group.members.push(p);
  }
  const limit = pLimit(options.parallel ?? 4);
  await Promise.all(
    [...groups.values()].map((group) =>
      limit(async () => {
        let live: Map<string, KubeObject>;
        try {
          const info = await withKubeRetries(() => gateway.resolve(group.kind, group.apiVersion));
          const namespace = info.namespaced ? (group.namespace ?? options.defaultNamespace) : undefined;
          const items = await withKubeRetries(() => gateway.list(group.kind, { apiVersion: group.apiVersion, ...(namespace ? { namespace } : {}) }));
          live = new Map(items.map((item) => [item.metadata.name, item]));
        } catch (error) {
          const notServed = asKubeError(error)?.isKindNotServed === true;
          for (const m of group.members) {
            report.skippedResources[m.name] = notServed
              ? { code: SKIP_CODES.KIND_NOT_SERVED, reason: `the cluster does not serve ${group.kind} (${group.apiVersion})` }
              : { code: SKIP_CODES.LIST_FAILED, reason: describeError(error) };
          }
          return;
        }
        for (const m of group.members) {
          const object = live.get(m.object.metadata.name);
          const rows = object
            ? diffRows(expectedOf(m.object, options.hibernated && !options.isManager?.(m.object), scaledByOthers), object as unknown as Record<string, unknown>, redactedMarker, { crds })
            : [{ key: "metadata.name", expected: m.object.metadata.name, got: ABSENT }];
          if (rows.length) report.inconsistentResources[m.name] = { diffRows: rows };
          else report.consistentResources.push(m.name);
        }
      }),
    ),
  );
  report.consistentResources.sort();
  report.numInconsistencies = Object.keys(report.inconsistentResources).length;
  return report;
}

function parseInputs(inputs: readonly DriftInput[]): { parsed: Parsed[]; invalid: Map<string, string> } {
  const parsed: Parsed[] = [];
  const invalid = new Map<string, string>();
  for (const input of inputs) {
    try {
      const object = parseDocument(input.config) as KubeObject;
      if (!object?.kind || !object.apiVersion || !object.metadata?.name) throw new Error("not a Kubernetes object (kind, apiVersion, metadata.name)");
      parsed.push({ name: input.name, object });
    } catch (error) {
      invalid.set(input.name, describeError(error));
    }
  }
  return { parsed, invalid };
}

/** Workload names (by `Kind/name`) whose replicas an HPA or an autoscaling controller owns. */
function autoscaledWorkloads(objects: readonly KubeObject[]): Set<string> {
  const names = new Set<string>();
  for (const o of objects) {
    if (o.kind === "HorizontalPodAutoscaler") {
      const ref = ((o.spec ?? {}) as { scaleTargetRef?: { kind?: string; name?: string } }).scaleTargetRef;
      if (ref?.kind && ref.name) names.add(`${ref.kind}/${ref.name}`);
    }
    if (isWorkloadKind(o.kind) && Object.keys(o.metadata.annotations ?? {}).some((k) => k.startsWith(`${ANNOTATION_PREFIX}/`))) {
      names.add(`${o.kind}/${o.metadata.name}`);
    }
  }
  return names;
}

function expectedOf(object: KubeObject, hibernated: boolean, scaledByOthers: Set<string>): Record<string, unknown> {
  if (!isWorkloadKind(object.kind)) return object;
  const spec = { ...((object.spec ?? {}) as Record<string, unknown>) };
  if (scaledByOthers.has(`${object.kind}/${object.metadata.name}`)) delete spec.replicas;
  else if (hibernated) spec.replicas = 0;
  return { ...object, spec };
}

/** The newest config of every object, named as responses name objects (bare where unique). */
async function driftInputs(): Promise<DriftInput[]> {
  const [rows, view] = await Promise.all([latestMaterialized(), loadStoreView()]);
  return rows.map((row) => ({ name: displayName(view, row.objectKey), config: decrypt(row.config) }));
}

export async function findInconsistencies(): Promise<Inconsistencies> {
  const [inputs, { gateway }, flag] = await Promise.all([driftInputs(), getKube(), readHibernationFlag()]);
  return computeDrift(gateway, inputs, { defaultNamespace: getConfig().namespace, hibernated: flag.hibernated, isManager: await managerWorkloadTest(gateway) });
}

/**
 * The console's "turn the live value into a patch": a strategic merge patch (`# target: NAME`)
 * that makes the config match the live object on the drifted fields. Not offered for Secrets.
 */
export async function livePatchFor(reference: string): Promise<{ patch: string | null; reason: string | null }> {
  const store = await loadStoreView();
  const objectName = displayName(store, resolveObjectOrThrow(store, reference));
  // Every config: the HPA that owns this workload's replicas is another object's config.
  const { parsed, invalid } = parseInputs(await driftInputs());
  const object = parsed.find((p) => p.name === objectName)?.object;
  if (invalid.has(objectName)) throw invalidInput(`The config of '${objectName}' is not a Kubernetes object: ${invalid.get(objectName)}`);
  if (!object) throw notFound(`No materialized config for object '${objectName}'`);
  if (object.kind === "Secret") return { patch: null, reason: "Secret values are not copied out of the cluster: edit the Secret's patch instead." };
  const [{ gateway }, flag] = await Promise.all([getKube(), readHibernationFlag()]);
  const ref = { kind: object.kind, apiVersion: object.apiVersion, name: object.metadata.name, ...(object.metadata.namespace ? { namespace: object.metadata.namespace } : {}) };
  let live: KubeObject | null;
  try {
    live = await gateway.find(ref);
  } catch (error) {
    if (asKubeError(error)?.isKindNotServed) return { patch: null, reason: `The cluster does not serve ${object.kind} (${object.apiVersion}).` };
    throw error;
  }
  if (!live) return { patch: null, reason: `${object.kind} ${object.metadata.name} does not exist in the cluster: re-apply the golden config.` };
  const hibernated = flag.hibernated && !(await managerWorkloadTest(gateway))(object);
  const expected = expectedOf(object, hibernated, autoscaledWorkloads(parsed.map((p) => p.object)));
  const patch = livePatch(expected, live as unknown as Record<string, unknown>, { crds: buildCrdIndex(parsed.map((p) => p.object)) });
  if (Object.keys(patch).length === 0) return { patch: null, reason: "No drift: the live object matches the config." };
  return { patch: `# target: ${objectName}\n${toYaml({ kind: object.kind, ...patch })}`, reason: null };
}
