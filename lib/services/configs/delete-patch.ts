import { notFound } from "@/lib/services/errors";
import { findPatch, markPatchDeleted } from "@/lib/store/patches";
import { withWriteLock } from "@/lib/store/tx";
import { type WriteResult, pushReporting, rematerialize, skippedPatches } from "./rematerialize";
import { isTransform, loadStoreViewForPatchWrite, toPatchRecord } from "./state";

/**
 * `DELETE patches/VERSION`: the patch leaves the store (its row stays as history), what it reached
 * is re-materialized and pushed; later patches that relied on it and no longer apply are reported.
 */
export async function deletePatch(version: bigint): Promise<WriteResult> {
  const write = await withWriteLock(async (tx) => {
    const row = await findPatch(version, tx);
    if (!row || row.deletedAt) throw notFound(`No patch with version ${version}`);
    await markPatchDeleted(tx, version);
    const view = await loadStoreViewForPatchWrite(tx);
    const names = isTransform(row)
      ? [...view.objects.keys()]
      : view.index.resolve(row.target).objects.filter((n) => {
          const kind = toPatchRecord(row).patch.kind;
          return kind === undefined || view.index.kindOf(n) === kind;
        });
    return { keys: names, skipped: skippedPatches(await rematerialize(tx, view, names)) };
  });
  return pushReporting(write);
}
