import { badRequest, notFound } from "@/lib/api/errors";
import { createBindings, deleteBindings, ensureDefaultBindings, labelsBoundTo } from "@/lib/store/labels";
import { withWriteLock } from "@/lib/store/tx";
import { type Materialized, type WriteResult, computeMaterialized, pushReporting, rematerialize, skippedPatches, storeMaterialized } from "./rematerialize";
import { sealPatchesReachingSecrets } from "./secret-patches";
import { loadStoreView } from "./state";

/**
 * Label bindings decide which patches reach an object, so changing them re-materializes and
 * pushes the existing objects involved (objects that do not exist yet keep the binding for later).
 */

/** A patch aimed at a label being bound that fails on an object it would reach refuses the binding. */
function assertLabelPatchesApply(results: readonly Materialized[], labels: readonly string[]) {
  for (const result of results) {
    for (const outcome of result.patches) {
      if (outcome.status === "failed" && labels.includes(outcome.target)) {
        throw badRequest(`Patch ${outcome.version} (target '${outcome.target}') does not apply to ${result.name}: ${outcome.reason}; nothing was bound`);
      }
    }
  }
}

export async function bindLabels(labels: readonly string[], objectNames: readonly string[]): Promise<WriteResult> {
  const write = await withWriteLock(async (tx) => {
    await createBindings(tx, labels, objectNames);
    const view = await loadStoreView(tx);
    const existing = objectNames.filter((n) => view.objects.has(n));
    const results = await computeMaterialized(view, existing, tx);
    assertLabelPatchesApply(results, labels);
    await sealPatchesReachingSecrets(tx, view, existing);
    await storeMaterialized(tx, results);
    return { names: existing, skipped: skippedPatches(results) };
  });
  return pushReporting(write);
}

/**
 * Removes an object's label bindings: every one, or only `labels` (each must be bound: 404).
 * The binding to the object's own kind label is intrinsic: it stays, and naming it is a 400.
 */
export async function unbindObject(objectName: string, labels?: readonly string[]): Promise<WriteResult> {
  const write = await withWriteLock(async (tx) => {
    const kind = (await loadStoreView(tx)).objects.get(objectName)?.kind;
    const bound = await labelsBoundTo(tx, objectName);
    if (labels && kind !== undefined && labels.includes(kind)) {
      throw badRequest(`'${kind}' is the kind label of '${objectName}': that binding is intrinsic and cannot be removed`);
    }
    const missing = (labels ?? []).filter((label) => !bound.includes(label));
    if (missing.length > 0) throw notFound(`'${objectName}' is not bound to ${missing.map((l) => `'${l}'`).join(", ")}`);
    await deleteBindings(tx, objectName, (labels ?? bound).filter((label) => label !== kind));
    const view = await loadStoreView(tx);
    if (!view.objects.has(objectName)) return { names: [], skipped: [] };
    return { names: [objectName], skipped: skippedPatches(await rematerialize(tx, view, [objectName])) };
  });
  return pushReporting(write);
}

export async function updateDefaultLabels(): Promise<{ labels: number; bindings: number }> {
  return withWriteLock((tx) => ensureDefaultBindings(tx));
}
