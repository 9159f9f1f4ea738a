import { createBindings, deleteCustomBindings, ensureDefaultBindings } from "@/lib/store/labels";
import { withWriteLock } from "@/lib/store/tx";
import { type PushResult, pushObjects } from "./push";
import { rematerialize } from "./rematerialize";
import { loadStoreView } from "./state";

/**
 * Label bindings decide which patches reach an object, so changing them re-materializes and
 * pushes the existing objects involved (objects that do not exist yet keep the binding for later).
 */

export async function bindLabels(labels: readonly string[], objectNames: readonly string[]): Promise<PushResult> {
  const names = await withWriteLock(async (tx) => {
    await createBindings(tx, labels, objectNames);
    const view = await loadStoreView(tx);
    const existing = objectNames.filter((n) => view.objects.has(n));
    await rematerialize(tx, view, existing);
    return existing;
  });
  return pushObjects(names);
}

export async function unbindObject(objectName: string): Promise<PushResult> {
  const names = await withWriteLock(async (tx) => {
    await deleteCustomBindings(tx, objectName);
    const view = await loadStoreView(tx);
    if (!view.objects.has(objectName)) return [];
    await rematerialize(tx, view, [objectName]);
    return [objectName];
  });
  return pushObjects(names);
}

export async function updateDefaultLabels(): Promise<{ labels: number; bindings: number }> {
  return withWriteLock((tx) => ensureDefaultBindings(tx));
}
