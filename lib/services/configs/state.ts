import {
  type BaseObject,
  type LabelBindings,
  type PatchRecord,
  TargetIndex,
  type Transforms,
  parseBaseObjects,
  parsePatchText,
} from "@/lib/materialize";
import { type BaseConfigHead, getBaseConfigsByIds, listBaseConfigHeads } from "@/lib/store/base-configs";
import { listBindings } from "@/lib/store/labels";
import { type PatchRow, listPatches } from "@/lib/store/patches";
import type { Tx } from "@/lib/store/tx";
import { decrypt } from "../crypto";
import { compareReleaseVersions, newestRelease } from "../release-version";
import { cachedRead } from "./read-cache";

/**
 * The config store as the materialization engine sees it: the current base of every object
 * (newest release, newest revision), label bindings, patches and the global transforms. Loading
 * is scoped: resolving targets needs only names, kinds and bindings; base texts and patches are
 * read for the objects being materialized.
 */

/** Transform "patches" (namespace, registry) are recorded like patches: visible and removable. */
export const TRANSFORM_FORMATS = { namespace: "NAMESPACE", registry: "REGISTRY" } as const;
export const TRANSFORM_TARGET = "*";

export type ObjectHead = BaseConfigHead & { stale: boolean };

export type StoreView = {
  objects: Map<string, ObjectHead>;
  bindings: LabelBindings;
  index: TargetIndex;
  newestRelease: string | null;
};

function isNewer(a: BaseConfigHead, b: BaseConfigHead): boolean {
  const order = compareReleaseVersions(a.releaseVersion, b.releaseVersion);
  return order > 0 || (order === 0 && a.revision > b.revision);
}

/** The store view; outside a transaction it is shared while the store does not change (read-only). */
export async function loadStoreView(tx?: Tx): Promise<StoreView> {
  return tx ? readStoreView(tx) : cachedRead("store-view", () => readStoreView());
}

async function readStoreView(tx?: Tx): Promise<StoreView> {
  const [heads, bindingRows] = await Promise.all([listBaseConfigHeads(tx), listBindings(tx)]);
  const current = new Map<string, BaseConfigHead>();
  for (const head of heads) {
    const seen = current.get(head.objectName);
    if (!seen || isNewer(head, seen)) current.set(head.objectName, head);
  }
  const newest = newestRelease([...new Set(heads.map((h) => h.releaseVersion))]);
  const objects = new Map<string, ObjectHead>();
  for (const [name, head] of current) objects.set(name, { ...head, stale: newest !== null && head.releaseVersion !== newest });
  const bindings: Record<string, string[]> = {};
  for (const b of bindingRows) (bindings[b.label] ??= []).push(b.objectName);
  const index = new TargetIndex(
    [...objects.values()].map((o) => ({ name: o.objectName, kind: o.kind })),
    bindings,
  );
  return { objects, bindings, index, newestRelease: newest };
}

export function toPatchRecord(row: PatchRow): PatchRecord {
  return { version: Number(row.version), target: row.target, patch: parsePatchText(decrypt(row.body)) };
}

export function isTransform(row: Pick<PatchRow, "format">): boolean {
  return row.format === TRANSFORM_FORMATS.namespace || row.format === TRANSFORM_FORMATS.registry;
}

/** The live transforms: the newest namespace and the newest registry record. */
export function transformsOf(rows: readonly PatchRow[]): Transforms {
  const transforms: Transforms = {};
  for (const row of rows) {
    if (row.format === TRANSFORM_FORMATS.namespace) transforms.namespace = row.body;
    if (row.format === TRANSFORM_FORMATS.registry) transforms.registry = row.body;
  }
  return transforms;
}

export type MaterializeScope = {
  objects: BaseObject[];
  heads: ObjectHead[];
  patches: PatchRecord[];
  transforms: Transforms;
};

/** Base objects and the patches that reach `names` (unknown names are ignored). */
export async function loadScope(view: StoreView, names: Iterable<string>, tx?: Tx): Promise<MaterializeScope> {
  const heads = [...new Set(names)].map((n) => view.objects.get(n)).filter((h): h is ObjectHead => h !== undefined);
  const targets = new Set(heads.flatMap((h) => view.index.targetsOf(h.objectName)));
  const [rows, transformRows, bases] = await Promise.all([
    listPatches({ targets: [...targets] }, tx),
    listPatches({ targets: [TRANSFORM_TARGET] }, tx),
    getBaseConfigsByIds(heads.map((h) => h.id), tx),
  ]);
  const byId = new Map(bases.map((b) => [b.id, b]));
  const objects = heads.map((h) => {
    const row = byId.get(h.id)!;
    const [object] = parseBaseObjects(decrypt(row.config));
    return { name: h.objectName, kind: h.kind, object: object!.object };
  });
  return {
    objects,
    heads,
    patches: rows.filter((r) => !isTransform(r)).map(toPatchRecord),
    transforms: transformsOf(transformRows),
  };
}

