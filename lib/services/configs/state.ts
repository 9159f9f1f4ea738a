import { conflict, notFound } from "@/lib/services/errors";
import {
  type BaseObject,
  type LabelBindings,
  type ObjectId,
  type PatchRecord,
  type CrdIndex,
  type JsonMap,
  buildCrdIndex,
  TargetIndex,
  type Transforms,
  ambiguityMessage,
  parsePatchText,
  parseStoredObject,
} from "@/lib/materialize";
import { type BaseConfigHead, getBaseConfigsByIds, listBaseConfigHeads } from "@/lib/store/base-configs";
import { listBindings } from "@/lib/store/labels";
import { type PatchRow, listPatches } from "@/lib/store/patches";
import { type Tx, reader } from "@/lib/store/tx";
import { decrypt } from "../crypto";
import { compareReleaseVersions, newestRelease } from "../release-version";

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
  /** The current base of every object, by key. */
  objects: Map<string, ObjectHead>;
  bindings: LabelBindings;
  index: TargetIndex;
  /** The store's CustomResourceDefinitions (current bases) ... */
  crdObjects: JsonMap[];
  /** ... and what they say: which kinds are cluster-scoped, how custom resources merge. */
  crds: CrdIndex;
  /** The namespaces of the store's namespaced objects (what the namespace transform empties). */
  namespaces: ReadonlySet<string>;
  newestRelease: string | null;
};

export const idOf = (head: BaseConfigHead): ObjectId => ({ group: head.apiGroup, kind: head.kind, namespace: head.namespace, name: head.name });

/**
 * The key of the object a reference (bare name where unique, else qualified: identity.ts) finds:
 * 404 when none, 409 naming every candidate when several.
 */
export function resolveObjectOrThrow(view: StoreView, ref: string, missing = `No base config for object '${ref}'`): string {
  const found = view.index.catalog.resolve(ref);
  if (found.type === "object") return found.key;
  if (found.type === "ambiguous") throw conflict(ambiguityMessage(ref, found.candidates));
  throw notFound(missing);
}

/**
 * What a write stores for a reference: the key of the object it finds, or the reference itself
 * while no object has it (a patch or binding may wait for an object); 409 when it is ambiguous.
 */
export function keyOrReference(view: StoreView, ref: string): string {
  const found = view.index.catalog.resolve(ref);
  if (found.type === "object") return found.key;
  if (found.type === "ambiguous") throw conflict(ambiguityMessage(ref, found.candidates));
  return ref;
}

/** The key of the one object of an accepted kind a reference finds (a workload `frontend` beside a Service `frontend`). */
export function findObjectOfKind(view: StoreView, ref: string, accept: (kind: string) => boolean): string | undefined {
  const keys = view.index.catalog.matches(ref).filter((key) => accept(view.index.kindOf(key) ?? ""));
  return keys.length === 1 ? keys[0] : undefined;
}

/** How responses name an object: the reference that finds it (bare name where unique). */
export function displayName(view: StoreView, key: string): string {
  return view.index.catalog.display(key);
}

type Revision = Pick<BaseConfigHead, "releaseVersion" | "revision">;

function isNewer(a: Revision, b: Revision): boolean {
  const order = compareReleaseVersions(a.releaseVersion, b.releaseVersion);
  return order > 0 || (order === 0 && a.revision > b.revision);
}

/** The current base among some revisions of one object: newest release, then newest revision. */
export function currentHead<H extends Revision>(heads: readonly H[]): H | undefined {
  return heads.reduce<H | undefined>((best, head) => (!best || isNewer(head, best) ? head : best), undefined);
}

// The view last loaded from committed data, keyed by the structure version it was loaded under.
const globalForView = globalThis as typeof globalThis & { __dmStoreView?: { version: string; view: Promise<StoreView> } };

/**
 * The store view. It depends only on base configs, labels and bindings, whose writes bump
 * `structure_version` (triggers, prisma/migrations/*_structure_version), so it is shared
 * (read-only) while that version stays the same: patch writes, which change the store all the
 * time, do not reload it (that cost ~30 ms per write at 1,000 objects). Every replica checks the
 * version in the database, so changes from others are seen; the version is read before the view,
 * so a view is never older than its version. Inside a transaction that may already have changed
 * those tables (`tx`), the view is read there and not shared.
 */
export async function loadStoreView(tx?: Tx): Promise<StoreView> {
  return tx ? readStoreView(tx) : sharedStoreView(await reader());
}

/**
 * The store view inside a write transaction that changes only patches and materialized configs
 * (patches/apply, patch deletion, transforms). Read there before it changes base configs, labels
 * or bindings, the view is committed data, valid for its version even if the transaction rolls
 * back, so it is shared like `loadStoreView()`'s.
 */
export function loadStoreViewForPatchWrite(tx: Tx): Promise<StoreView> {
  return sharedStoreView(tx);
}

async function sharedStoreView(db: Tx): Promise<StoreView> {
  const [row] = await db.$queryRaw<{ version: string }[]>`SELECT "structure_version"::text AS "version" FROM "store_version" WHERE "id" = 1`;
  const version = row?.version ?? "0";
  const cached = globalForView.__dmStoreView;
  if (cached?.version === version) return cached.view;
  const view = readStoreView(db);
  globalForView.__dmStoreView = { version, view };
  view.catch(() => {
    if (globalForView.__dmStoreView?.view === view) globalForView.__dmStoreView = undefined;
  });
  return view;
}

async function readStoreView(tx?: Tx): Promise<StoreView> {
  const [heads, bindingRows] = await Promise.all([listBaseConfigHeads(tx), listBindings(tx)]);
  const current = new Map<string, BaseConfigHead>();
  for (const head of heads) {
    const seen = current.get(head.objectKey);
    if (!seen || isNewer(head, seen)) current.set(head.objectKey, head);
  }
  const newest = newestRelease([...new Set(heads.map((h) => h.releaseVersion))]);
  const objects = new Map<string, ObjectHead>();
  for (const [name, head] of current) objects.set(name, { ...head, stale: newest !== null && head.releaseVersion !== newest });
  // Labels are user strings: a null-prototype map, so `constructor` or `__proto__` is just a label.
  const bindings: Record<string, string[]> = Object.create(null);
  for (const b of bindingRows) (bindings[b.label] ??= []).push(b.objectKey);
  const index = new TargetIndex(
    [...objects.values()].map((o) => ({ key: o.objectKey, id: idOf(o) })),
    bindings,
  );
  const crdObjects = await storeCrds(objects, tx);
  const namespaces = new Set([...objects.values()].map((h) => h.namespace).filter((ns) => ns !== ""));
  return { objects, bindings, index, crdObjects, crds: buildCrdIndex(crdObjects), namespaces, newestRelease: newest };
}

/** The current bases of the store's CustomResourceDefinitions. */
async function storeCrds(objects: Map<string, ObjectHead>, tx?: Tx): Promise<JsonMap[]> {
  const crds = [...objects.values()].filter((h) => h.kind === "CustomResourceDefinition" && h.apiGroup === "apiextensions.k8s.io");
  const rows = crds.length ? await getBaseConfigsByIds(crds.map((h) => h.id), tx) : [];
  return rows.map((row) => parseStoredObject(decrypt(row.config)));
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

/** Base objects and the patches that reach the objects with these keys (unknown keys are ignored). */
export async function loadScope(view: StoreView, keys: Iterable<string>, tx?: Tx): Promise<MaterializeScope> {
  const heads = [...new Set(keys)].map((k) => view.objects.get(k)).filter((h): h is ObjectHead => h !== undefined);
  const targets = new Set(heads.flatMap((h) => view.index.targetsOf(h.objectKey)));
  const [rows, transformRows, bases] = await Promise.all([
    listPatches({ targets: [...targets] }, tx),
    listPatches({ targets: [TRANSFORM_TARGET] }, tx),
    getBaseConfigsByIds(heads.map((h) => h.id), tx),
  ]);
  const byId = new Map(bases.map((b) => [b.id, b]));
  const objects = heads.map((h) => ({ key: h.objectKey, id: idOf(h), kind: h.kind, object: parseStoredObject(decrypt(byId.get(h.id)!.config)) }));
  return {
    objects,
    heads,
    patches: rows.filter((r) => !isTransform(r)).map(toPatchRecord),
    transforms: transformsOf(transformRows),
  };
}

