import { listLabels, rebindObject } from "@/lib/store/labels";
import { listLiveTargets, retargetPatches } from "@/lib/store/patches";
import type { Tx } from "@/lib/store/tx";
import { type StoreView, TRANSFORM_TARGET } from "./state";

/**
 * A patch or binding written for an object that did not exist yet names it by reference
 * (`frontend`, `service/frontend`). When an upload brings the object, the reference is pinned to
 * its key, so a second `frontend` added later leaves them on the object they reached first.
 * Targets that are label names stay labels.
 */
export async function pinWaitingTargets(tx: Tx, view: StoreView, arrived: readonly string[]): Promise<void> {
  const keys = new Set(arrived);
  const labels = new Set((await listLabels(tx)).map((l) => l.name));
  const refs = new Set([...(await listLiveTargets(tx)), ...Object.values(view.bindings).flat()]);
  for (const ref of refs) {
    if (ref === TRANSFORM_TARGET || view.objects.has(ref) || labels.has(ref)) continue;
    const found = view.index.catalog.resolve(ref);
    if (found.type !== "object" || !keys.has(found.key)) continue;
    await retargetPatches(tx, ref, found.key);
    await rebindObject(tx, ref, found.key);
  }
}
