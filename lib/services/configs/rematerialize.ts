import {
  type MaterializedObject,
  type PatchRecord,
  type Transforms,
  buildIndex,
  materializeObjects,
} from "@/lib/materialize";
import { insertMaterialized, latestMaterialized } from "@/lib/store/materialized";
import type { Tx } from "@/lib/store/tx";
import { sealFor } from "../crypto";
import { type PushResult, pushObjects } from "./push";
import { type ObjectHead, type StoreView, displayName, loadScope, loadStoreView } from "./state";

/**
 * Re-materializes some objects: their current base + every patch that reaches them, in version
 * order, + the transforms. `extra` adds patches not stored yet (dry runs, validation before a
 * write) and can override the transforms.
 */

export type Materialized = MaterializedObject & { head: ObjectHead };

export async function computeMaterialized(
  view: StoreView,
  keys: Iterable<string>,
  tx?: Tx,
  extra: { patches?: PatchRecord[]; transforms?: Transforms; provenance?: boolean } = {},
): Promise<Materialized[]> {
  const scope = await loadScope(view, keys, tx);
  const index = buildIndex({
    objects: scope.objects,
    patches: [...scope.patches, ...(extra.patches ?? [])],
    bindings: view.bindings,
    targets: view.index,
    transforms: { ...scope.transforms, ...extra.transforms },
    crds: view.crds,
    namespaces: view.namespaces,
  });
  const heads = new Map(scope.heads.map((h) => [h.objectKey, h]));
  return materializeObjects(index, heads.keys(), { provenance: extra.provenance ?? false }).map((m) => ({ ...m, head: heads.get(m.key)! }));
}

/** Stores one new materialized row per object (NOT_GOLDEN until it is applied to the cluster). */
export async function storeMaterialized(tx: Tx, results: readonly Materialized[]): Promise<void> {
  if (results.length === 0) return;
  const previous = new Map((await latestMaterialized(results.map((r) => r.key), tx)).map((row) => [row.objectKey, row]));
  const now = BigInt(Date.now());
  await insertMaterialized(
    tx,
    results.map((result) => {
      const prev = previous.get(result.key);
      const sealed = sealFor(result.kind, result.config);
      const timestampMs = prev && prev.timestampMs >= now ? prev.timestampMs + BigInt(1) : now;
      return {
        objectKey: result.key,
        releaseVersion: result.head.releaseVersion,
        patchVersion: result.patchVersion === null ? null : BigInt(result.patchVersion),
        previousReleaseVersion: prev?.releaseVersion ?? null,
        previousPatchVersion: prev?.patchVersion ?? null,
        config: sealed.text,
        metadata: { type: result.kind, isEncrypted: sealed.isEncrypted },
        timestampMs,
        state: "NOT_GOLDEN",
      };
    }),
  );
}

export async function rematerialize(tx: Tx, view: StoreView, keys: Iterable<string>): Promise<Materialized[]> {
  const results = await computeMaterialized(view, keys, tx);
  await storeMaterialized(tx, results);
  return results;
}

/** A stored patch that no longer applies to an object (left out of its config), as responses show it (`object`: its key). */
export type SkippedPatch = { object: string; patch_version: number; reason: string };

export function skippedPatches(results: readonly Materialized[]): SkippedPatch[] {
  return results.flatMap((r) => r.patches.flatMap((o) => (o.status === "failed" ? [{ object: r.key, patch_version: o.version, reason: o.reason }] : [])));
}

/** What a write that re-materialized objects reports: the push, and the stored patches it had to leave out. */
export type WriteResult = PushResult & { skipped: SkippedPatch[] };

/** Pushes the re-materialized objects; the patches that no longer apply are logged and reported (objects named as responses name them). */
export async function pushReporting(write: { keys: string[]; skipped: SkippedPatch[] }): Promise<WriteResult> {
  if (write.skipped.length > 0) {
    const list = write.skipped.map((s) => `patch ${s.patch_version} on ${s.object}: ${s.reason}`).join("; ");
    console.warn(`[deployment-manager] ${write.skipped.length} stored patch(es) no longer apply and are left out of the configs: ${list}`);
  }
  const pushed = await pushObjects(write.keys);
  if (write.skipped.length === 0) return { ...pushed, skipped: [] };
  const view = await loadStoreView();
  return { ...pushed, skipped: write.skipped.map((s) => ({ ...s, object: displayName(view, s.object) })) };
}
