import { invalidInput, notFound } from "@/lib/services/errors";
import { createBindings, deleteBindings, ensureDefaultBindings, labelsBoundTo } from "@/lib/store/labels";
import { withWriteLock } from "@/lib/store/tx";
import { type Materialized, type WriteResult, computeMaterialized, pushReporting, rematerialize, skippedPatches, storeMaterialized } from "./rematerialize";
import { sealPatchesReachingSecrets } from "./secret-patches";
import { type StoreView, displayName, keyOrReference, loadStoreView } from "./state";

/**
 * Label bindings decide which patches reach an object, so changing them re-materializes and
 * pushes the existing objects involved (objects that do not exist yet keep the binding for later).
 */

/** A patch aimed at a label being bound that fails on an object it would reach refuses the binding. */
function assertLabelPatchesApply(view: StoreView, results: readonly Materialized[], labels: readonly string[]) {
  for (const result of results) {
    for (const outcome of result.patches) {
      if (outcome.status === "failed" && labels.includes(outcome.target)) {
        throw invalidInput(`Patch ${outcome.version} (target '${outcome.target}') does not apply to ${displayName(view, result.key)}: ${outcome.reason}; nothing was bound`);
      }
    }
  }
}

/** Binds every label to every object a reference finds (or to the reference, while no object has it; 409 when ambiguous). */
export async function bindLabels(labels: readonly string[], refs: readonly string[]): Promise<WriteResult> {
  const write = await withWriteLock(async (tx) => {
    const before = await loadStoreView(tx);
    const keys = refs.map((ref) => keyOrReference(before, ref));
    await createBindings(tx, labels, keys);
    const view = await loadStoreView(tx);
    const existing = keys.filter((k) => view.objects.has(k));
    const results = await computeMaterialized(view, existing, tx);
    assertLabelPatchesApply(view, results, labels);
    await sealPatchesReachingSecrets(tx, view, existing);
    await storeMaterialized(tx, results);
    return { keys: existing, skipped: skippedPatches(results) };
  });
  return pushReporting(write);
}

/**
 * Removes an object's label bindings: every one, or only `labels` (each must be bound: 404).
 * The binding to the object's own kind label is intrinsic: it stays, and naming it is a 400.
 */
export async function unbindObject(ref: string, labels?: readonly string[]): Promise<WriteResult> {
  const write = await withWriteLock(async (tx) => {
    const before = await loadStoreView(tx);
    const key = keyOrReference(before, ref);
    const kind = before.objects.get(key)?.kind;
    const bound = await labelsBoundTo(tx, key);
    if (labels && kind !== undefined && labels.includes(kind)) {
      throw invalidInput(`'${kind}' is the kind label of '${ref}': that binding is intrinsic and cannot be removed`);
    }
    const missing = (labels ?? []).filter((label) => !bound.includes(label));
    if (missing.length > 0) throw notFound(`'${ref}' is not bound to ${missing.map((l) => `'${l}'`).join(", ")}`);
    await deleteBindings(tx, key, (labels ?? bound).filter((label) => label !== kind));
    const view = await loadStoreView(tx);
    if (!view.objects.has(key)) return { keys: [], skipped: [] };
    return { keys: [key], skipped: skippedPatches(await rematerialize(tx, view, [key])) };
  });
  return pushReporting(write);
}

export async function updateDefaultLabels(): Promise<{ labels: number; bindings: number }> {
  return withWriteLock((tx) => ensureDefaultBindings(tx));
}
