import { notFound } from "@/lib/services/errors";
import { type MaterializedObject, buildIndex, materializeObjects, parseStoredObject } from "@/lib/materialize";
import { type BaseConfigHead, getBaseConfigsByIds, listBaseConfigHeads } from "@/lib/store/base-configs";
import { listBindings } from "@/lib/store/labels";
import { findPatch, listPatchesLiveAt } from "@/lib/store/patches";
import { decrypt } from "../crypto";
import { TRANSFORM_TARGET, currentHead, idOf, isTransform, loadStoreView, toPatchRecord, transformsOf } from "./state";

/**
 * An object's config as it was at a patch version, computed by the (pure) engine rather than
 * looked up among the stored rows (a write that stores several patches records only its newest):
 * the base that was current when the patch was made (release order among the revisions stored by
 * then; the object's first base if it came later), the label bindings made by then, and the patches
 * and transforms up to the version that were live then (deleted later, or never).
 */

/** `existed`: the object had a base config when the version was made. */
export type ConfigAt = { head: BaseConfigHead; result: MaterializedObject; time: Date; existed: boolean };

/** `key`: the object's key. */
export async function materializeAt(key: string, version: bigint, bound: "before" | "through"): Promise<ConfigAt> {
  const [heads, patch, bindings, view] = await Promise.all([listBaseConfigHeads(undefined, [key]), findPatch(version), listBindings(), loadStoreView()]);
  if (heads.length === 0) throw notFound(`No materialized config for object '${key}'`);
  const madeAt = patch?.createdAt ?? new Date(Number(version));
  const first = heads.reduce((a, b) => (b.createdAt < a.createdAt ? b : a));
  const time = madeAt < first.createdAt ? first.createdAt : madeAt;
  const head = currentHead(heads.filter((h) => h.createdAt <= time))!;
  const labels = bindings.filter((b) => b.objectKey === key && b.createdAt <= time).map((b) => b.label);
  // The spellings that find the object alone today (its key, its bare name where unique).
  const spellings = view.objects.has(key) ? view.index.catalog.spellings(key) : [key];
  const [rows, [base]] = await Promise.all([
    listPatchesLiveAt([...spellings, ...labels, TRANSFORM_TARGET], bound === "before" ? { lt: version } : { lte: version }, time),
    getBaseConfigsByIds([head.id]),
  ]);
  const index = buildIndex({
    objects: [{ key, id: idOf(head), kind: head.kind, object: parseStoredObject(decrypt(base!.config)) }],
    patches: rows.filter((r) => !isTransform(r)).map(toPatchRecord),
    bindings: Object.fromEntries(labels.map((label) => [label, [key]])),
    transforms: transformsOf(rows.filter(isTransform)),
    crds: view.crds,
    namespaces: view.namespaces,
  });
  const [result] = materializeObjects(index, [key], { provenance: false });
  return { head, result: result!, time, existed: time === madeAt };
}
