import { notFound } from "@/lib/services/errors";
import { getPrisma } from "@/lib/db";
import { buildIndex, materializeObjects } from "@/lib/materialize";
import { listBindings, listLabels } from "@/lib/store/labels";
import { latestMaterialized } from "@/lib/store/materialized";
import { findPatch, listPatches } from "@/lib/store/patches";
import { decrypt } from "../crypto";
import { redactConfigText } from "../redact";
import { TRANSFORM_TARGET, displayName, loadScope, loadStoreView, transformsOf } from "./state";
import { configView, reachOf } from "./views";

/**
 * Read models for the console: what its pages need in one call each, sized for a 1,000-object
 * store (no config texts in the object list; configs only for the names asked for).
 */

export type ConsoleObject = {
  /** How the object is named (bare where unique, else qualified: lib/materialize/identity.ts). */
  name: string;
  /** Its key (fully qualified: what console URLs use, stable as the store grows). */
  key: string;
  kind: string;
  apiGroup: string;
  /** Its own namespace ("" when it has none: cluster-scoped, or the platform namespace). */
  namespace: string;
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
  const objects = [...view.objects.values()]
    .map((o): ConsoleObject => {
      const head = headOf.get(o.objectKey);
      return {
        name: displayName(view, o.objectKey),
        key: o.objectKey,
        kind: o.kind,
        apiGroup: o.apiGroup,
        namespace: o.namespace,
        releaseVersion: o.releaseVersion,
        stale: o.stale,
        patchVersion: head?.patch_version ? Number(head.patch_version) : 0,
        state: head ? (head.state === "IS_GOLDEN" ? "IS_GOLDEN" : "NOT_GOLDEN") : "NONE",
        goldenPatchVersion: head?.has_golden ? Number(head.golden ?? 0) : null,
        labels: view.index.labelsOf(o.objectKey).sort(),
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

/** The newest materialized configs of the objects references find (Secrets redacted); references that find none are left out. */
export async function consoleConfigs(refs: readonly string[]) {
  const store = await loadStoreView();
  const keys = refs.flatMap((ref) => {
    const found = store.index.catalog.resolve(ref);
    return found.type === "object" ? [found.key] : [];
  });
  const rows = await latestMaterialized(keys);
  return rows.map((row) => {
    const view = configView(row, displayName(store, row.objectKey));
    return { objectName: view.objectName, key: row.objectKey, kind: (row.metadata as { type?: string }).type ?? "", config: view.config, patchVersion: view.patchVersion, state: view.state };
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
    targets: view.index,
    transforms: transformsOf(transformRows.filter((r) => r.version !== version)),
    crds: view.crds,
    namespaces: view.namespaces,
  });
  const before = new Map(current.map((r) => [r.objectKey, r]));
  const entries = materializeObjects(index, names, { provenance: false }).map((m) => {
    const was = before.get(m.key);
    return {
      objectName: displayName(view, m.key),
      kind: m.kind,
      before: was ? redactConfigText(m.kind, decrypt(was.config)) : "",
      after: redactConfigText(m.kind, m.config),
    };
  });
  return { version: Number(version), target: view.objects.has(row.target) ? displayName(view, row.target) : row.target, entries };
}
