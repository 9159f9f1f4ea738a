/**
 * List handling of the strategic merge (see strategic-merge.ts for the rules):
 * merge by key, sets of primitives, `$patch` list elements, `$deleteFromPrimitiveList`,
 * and the element order that `$setElementOrder` imposes, computed the way kubectl does.
 *
 * A key is one field (a strategic merge key: `name`, `containerPort`) or several (a CRD's
 * `x-kubernetes-list-map-keys: [containerPort, protocol]`, where an element that omits a key
 * field has the schema's default for it, as server-side apply fills it in before it merges):
 * two elements are the same element when every key field is equal.
 */
import { DirectiveError, listDirectiveError } from "./directive-error";
import { goSliceStable } from "./go-stable-sort";
import { cloneJson, isMap, jsonEqual, valueType, type JsonMap } from "./json-value";
import { fieldMeta, type FieldMeta, type StructMeta } from "./patch-meta";

export type MapMerger = (original: JsonMap, patch: JsonMap, type: StructMeta | undefined) => JsonMap;

const PATCH = "$patch";

/** How the elements of a keyed list are told apart. */
interface ElementKey {
  /** The first key field `item` lacks (with no default), if any. */
  missing(item: JsonMap): string | undefined;
  /** The element's key as one value `===` compares; undefined for what is no map. */
  of(item: unknown): unknown;
  /** `[name=app]`: the element in an error's path. */
  describe(item: JsonMap): string;
}

function singleKey(field: string): ElementKey {
  return {
    missing: (item) => (Object.hasOwn(item, field) ? undefined : field),
    of: (item) => (isMap(item) ? item[field] : undefined),
    describe: (item) => `[${field}=${String(item[field])}]`,
  };
}

function compositeKey(fields: readonly string[], defaults: Readonly<Record<string, unknown>> = {}): ElementKey {
  const value = (item: JsonMap, field: string) => (Object.hasOwn(item, field) ? item[field] : defaults[field]);
  return {
    missing: (item) => fields.find((f) => !Object.hasOwn(item, f) && !Object.hasOwn(defaults, f)),
    of: (item) => (isMap(item) ? JSON.stringify(fields.map((f) => value(item, f) ?? null)) : undefined),
    describe: (item) => `[${fields.map((f) => `${f}=${String(value(item, f))}`).join(",")}]`,
  };
}

/** The key of a list without one (`$setElementOrder` of primitives compares the values themselves). */
const NO_KEY = singleKey("");
const keys = new WeakMap<FieldMeta, ElementKey>();

/** A strategic merge key; a CRD's list-map-keys for its associative lists. */
function keyOf(meta: FieldMeta | undefined): ElementKey {
  const composite = meta?.associative === true && meta.listMapKeys !== undefined;
  if (meta === undefined || (!composite && meta.mergeKey === undefined)) return NO_KEY;
  let key = keys.get(meta);
  if (key === undefined) keys.set(meta, (key = composite ? compositeKey(meta.listMapKeys as string[], meta.keyDefaults) : singleKey(meta.mergeKey as string)));
  return key;
}

/**
 * Merges a patch list into the object's list of the same field. `original` is owned. Errors are
 * DirectiveErrors without the list's path (the caller adds it, see directive-error.ts).
 */
export function mergeListField(
  original: unknown[],
  patch: unknown[],
  meta: FieldMeta | undefined,
  isDeleteList: boolean,
  mergeMap: MapMerger,
): unknown[] {
  if (meta?.strategy !== "merge" && !isDeleteList) return cloneJson(patch);
  if (original.length === 0 && patch.length === 0) return original;
  const kind = sliceElementType(original, patch);
  if (kind !== "map") {
    if (isDeleteList) return original.filter((v) => !patch.includes(v));
    const merged = dedupe([...original, ...patch]);
    return orderAfterPatch(merged, patch, original, NO_KEY, kind);
  }
  const key = keyOf(meta);
  if (key === NO_KEY) throw listDirectiveError("cannot merge a list of maps without a merge key");
  const maps = patch as JsonMap[];
  const special = hasSpecialElements(maps) ? withoutSpecialElements(original, maps, key) : { original, patch: maps };
  if (meta?.associative === true) return mergeAssociative(special.original, special.patch, key, meta.type, mergeMap);
  const merged = mergeByKey([...special.original], special.patch, key, meta?.type, mergeMap);
  return orderAfterPatch(merged, special.patch, special.original, key, kind);
}

/**
 * A CRD's associative list (`x-kubernetes-list-type: map`) in server-side apply's order: the
 * object's list and the patch list are walked side by side; the object's elements the patch does
 * not name keep their places, the patch's elements come in patch order, each where the walk
 * reaches it, merged into the object's element of the same key. A new element thus follows the
 * object's elements before it: `[a, b]` + `[c]` = `[a, b, c]`; `[a, b]` + `[c, a]` = `[c, a, b]`.
 * Two patch elements with one key are an error, as server-side apply makes them.
 */
function mergeAssociative(original: unknown[], patch: JsonMap[], key: ElementKey, type: StructMeta | undefined, mergeMap: MapMerger): unknown[] {
  const patchAt = new Map<unknown, number>();
  patch.forEach((item, i) => {
    const missing = key.missing(item);
    if (missing !== undefined) throw listDirectiveError(`element does not contain merge key ${missing}`);
    const k = key.of(item);
    if (patchAt.has(k)) throw listDirectiveError(`duplicate entries for key ${key.describe(item)}`);
    patchAt.set(k, i);
  });
  const originalAt = new Map<unknown, number>();
  original.forEach((item, i) => {
    const k = key.of(item);
    if (isMap(item) && !originalAt.has(k)) originalAt.set(k, i);
  });
  /** Whether the object's element `i` is the one a patch element merges into. */
  const shared = (i: number) => originalAt.get(key.of(original[i])) === i && patchAt.has(key.of(original[i]));
  const sharedOrder = patch.filter((item) => originalAt.has(key.of(item)));
  let next = 0;
  const out: unknown[] = [];
  const take = (item: JsonMap) => {
    const k = key.of(item);
    const at = originalAt.get(k);
    try {
      out.push(at === undefined ? cloneJson(item) : mergeMap(original[at] as JsonMap, item, type));
    } catch (err) {
      throw DirectiveError.through(err, key.describe(item));
    }
    if (next < sharedOrder.length && key.of(sharedOrder[next]) === k) next++;
  };
  for (let o = 0, p = 0; o < original.length || p < patch.length; ) {
    if (o < original.length && !shared(o)) {
      out.push(original[o++]);
    } else if (o < original.length && (next >= sharedOrder.length || key.of(sharedOrder[next]) !== key.of(original[o]))) {
      o++;
    } else {
      take(patch[p++] as JsonMap);
    }
  }
  return out;
}

/**
 * kubectl's element order after a merge: the elements the patch names, in patch order, and the
 * object's other elements, in their order, interleaved by their positions in the object's list.
 */
function orderAfterPatch(
  merged: unknown[],
  order: unknown[],
  serverOrder: unknown[],
  key: ElementKey,
  kind: string,
): unknown[] {
  if (followsServerOrder(order, serverOrder, key, kind)) return merged;
  const inOrder: unknown[] = [];
  const inOrderAt: number[] = [];
  const serverOnly: unknown[] = [];
  for (const item of merged) {
    const at = indexIn(order, item, key, kind);
    if (at >= 0) {
      inOrder.push(item);
      inOrderAt.push(at);
    } else serverOnly.push(item);
  }
  const sortedPatch = normalizeOrder(inOrder, inOrderAt, order, key, kind);
  const sortedServer = normalizeOrder(serverOnly, positionsIn(serverOrder, serverOnly, key, kind), serverOrder, key, kind);
  return mergeSorted(sortedServer, sortedPatch, serverOrder, key, kind);
}

/**
 * True when every element of `order` is in `serverOrder`, in the same relative order: the
 * merged list (which keeps the server's positions) is then already in kubectl's order.
 */
function followsServerOrder(order: unknown[], serverOrder: unknown[], key: ElementKey, kind: string): boolean {
  let last = -1;
  for (const item of order) {
    if (kind === "map" && !(isMap(item) && key.missing(item) === undefined)) return false;
    const at = indexIn(serverOrder, item, key, kind);
    if (at <= last) return false;
    last = at;
  }
  return true;
}

function dedupe(values: unknown[]): unknown[] {
  const seen = new Set<unknown>();
  return values.filter((v) => (seen.has(v) ? false : (seen.add(v), true)));
}

function sliceElementType(...lists: unknown[][]): string {
  let type: string | undefined;
  for (const list of lists) {
    for (const value of list) {
      const t = valueType(value);
      if (type === undefined) {
        if (t === "list") throw listDirectiveError("lists of lists cannot be merged");
        type = t;
      } else if (t !== type) {
        throw listDirectiveError("list element types are not identical");
      }
    }
  }
  if (type === undefined) throw listDirectiveError("no elements in any of the given lists");
  return type;
}

function hasSpecialElements(patch: JsonMap[]): boolean {
  for (const item of patch) if (Object.hasOwn(item, PATCH)) return true;
  return false;
}

/** Applies `$patch: delete` / `$patch: replace` elements; returns what is left to merge. */
function withoutSpecialElements(
  original: unknown[],
  patch: JsonMap[],
  key: ElementKey,
): { original: unknown[]; patch: JsonMap[] } {
  const plain: JsonMap[] = [];
  let replace = false;
  let remaining = original;
  for (const item of patch) {
    if (!Object.hasOwn(item, PATCH)) {
      plain.push(item);
      continue;
    }
    const directive = item[PATCH];
    if (directive === "delete") {
      const missing = key.missing(item);
      if (missing !== undefined) throw listDirectiveError(`$patch: delete element does not contain merge key ${missing}`);
      const value = key.of(item);
      remaining = remaining.filter((o) => !(isMap(o) && key.of(o) === value));
    } else if (directive === "replace") {
      replace = true;
    } else if (directive === "merge") {
      throw listDirectiveError("$patch: merge cannot be specified in a list element");
    } else {
      throw listDirectiveError(`unknown patch type ${JSON.stringify(directive)} in list element`);
    }
  }
  return replace ? { original: cloneJson(plain), patch: [] } : { original: remaining, patch: plain };
}

function mergeByKey(
  original: unknown[],
  patch: JsonMap[],
  key: ElementKey,
  type: StructMeta | undefined,
  mergeMap: MapMerger,
): unknown[] {
  const merged = original;
  for (const item of patch) {
    const missing = key.missing(item);
    if (missing !== undefined) throw listDirectiveError(`element does not contain merge key ${missing}`);
    const at = indexOfKey(merged, key, key.of(item));
    if (at >= 0) {
      try {
        merged[at] = mergeMap(merged[at] as JsonMap, item, type);
      } catch (err) {
        throw DirectiveError.through(err, key.describe(item));
      }
    } else {
      merged.push(cloneJson(item));
    }
  }
  return merged;
}

/**
 * `$setElementOrder/<listKey>`: merges the list (if the patch has it) and then orders the result:
 * elements named in the order list follow it, the object's other elements keep their relative
 * order, and both are interleaved by their positions in the object's list.
 */
export function applySetElementOrder(
  original: JsonMap,
  patch: JsonMap,
  listKey: string,
  order: unknown,
  type: StructMeta | undefined,
  mergeMap: MapMerger,
): void {
  if (!Array.isArray(order)) throw listDirectiveError("$setElementOrder must be a list");
  const originalList = listAt(original, listKey);
  const patchList = listAt(patch, listKey);
  const meta = fieldMeta(type, listKey);
  const key = keyOf(meta);
  validateAgainstOrder(patchList ?? [], order, key, listKey);

  let merged: unknown[];
  if (originalList !== undefined && patchList === undefined) merged = originalList;
  else if (originalList === undefined && patchList !== undefined) merged = cloneJson(patchList);
  else if (originalList !== undefined && patchList !== undefined)
    merged = mergeListField(originalList, patchList, meta, false, mergeMap);
  else return;

  const kind = sliceElementType(originalList ?? [], patchList ?? []);
  original[listKey] = orderAfterPatch(merged, order, originalList ?? [], key, kind);
}

function listAt(map: JsonMap, key: string): unknown[] | undefined {
  if (!Object.hasOwn(map, key)) return undefined;
  const value = map[key];
  if (!Array.isArray(value)) throw listDirectiveError(`${key} is not a list`);
  return value;
}

function validateAgainstOrder(patchList: unknown[], order: unknown[], key: ElementKey, listKey: string): void {
  if (order.length === 0 || patchList.length === 0) return;
  const candidates =
    key === NO_KEY
      ? patchList
      : patchList.filter((item) => {
          if (!isMap(item)) throw listDirectiveError("list elements must be maps");
          return item[PATCH] !== "delete";
        });
  let p = 0;
  let s = 0;
  while (p < candidates.length && s < order.length) {
    const item = candidates[p];
    if (isMap(item) && Object.hasOwn(item, PATCH)) {
      p++;
      continue;
    }
    if (sameMergeKey(item, order[s], key)) p++;
    s++;
  }
  if (p < candidates.length && s >= order.length) {
    throw listDirectiveError(`the order of the patch list does not match $setElementOrder/${listKey}`);
  }
}

function sameMergeKey(left: unknown, right: unknown, key: ElementKey): boolean {
  if (key === NO_KEY) return left === right;
  if (!isMap(left) || !isMap(right)) throw listDirectiveError("list elements must be maps");
  const missing = key.missing(left) ?? key.missing(right);
  if (missing !== undefined) throw listDirectiveError(`element does not contain merge key ${missing}`);
  return key.of(left) === key.of(right);
}

function indexIn(list: unknown[], item: unknown, key: ElementKey, kind: string): number {
  if (kind !== "map") return list.indexOf(item);
  return indexOfKey(list, key, key.of(item));
}

/** The first element whose key is `value` (an element that is no map has none: `undefined`). */
function indexOfKey(list: unknown[], key: ElementKey, value: unknown): number {
  for (let i = 0; i < list.length; i++) if (key.of(list[i]) === value) return i;
  return -1;
}

function positionsIn(list: unknown[], items: unknown[], key: ElementKey, kind: string): number[] {
  const at: number[] = [];
  for (const item of items) at.push(indexIn(list, item, key, kind));
  return at;
}

/** `items` in kubectl's order for `order`; `at[i]` is the position of `items[i]` in `order` (-1: absent). */
function normalizeOrder(items: unknown[], at: number[], order: unknown[], key: ElementKey, kind: string): unknown[] {
  let deletes = false;
  if (kind === "map") {
    for (const list of [items, order]) {
      for (const item of list) {
        const missing = key.missing(isMap(item) ? item : {});
        if (missing !== undefined) throw listDirectiveError(`element does not contain merge key ${missing}`);
      }
    }
    deletes = order.some((o) => (o as JsonMap)[PATCH] === "delete");
  }
  const sorted = sortByPosition(items, at);
  if (!deletes) return sorted;
  const toDelete = order.filter((o) => (o as JsonMap)[PATCH] === "delete");
  return sorted.filter((i) => !toDelete.some((d) => jsonEqual(d, i)));
}

/**
 * Go's `sort.SliceStable` with kubectl's comparator: by position in the order list, and "less"
 * whenever either item is absent from it. Only Go's exact algorithm reproduces the result of
 * that comparator (not a strict weak order); when every item is present it is one, and any
 * stable sort gives the same result, most often the input itself.
 */
function sortByPosition(items: unknown[], at: number[]): unknown[] {
  let absent = false;
  let sorted = true;
  for (let i = 0; i < at.length; i++) {
    if ((at[i] as number) < 0) absent = true;
    else if (i > 0 && (at[i] as number) < (at[i - 1] as number)) sorted = false;
  }
  if (!absent && sorted) return items;
  const permutation = items.map((_, i) => i);
  if (absent) {
    goSliceStable(permutation, (a, b) => {
      const ia = at[a] as number;
      const ib = at[b] as number;
      return ia < 0 || ib < 0 || ia < ib;
    });
  } else {
    permutation.sort((a, b) => (at[a] as number) - (at[b] as number));
  }
  return permutation.map((i) => items[i]);
}

function mergeSorted(left: unknown[], right: unknown[], serverOrder: unknown[], key: ElementKey, kind: string) {
  const leftAt = positionsIn(serverOrder, left, key, kind);
  const rightAt = positionsIn(serverOrder, right, key, kind);
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]);
    else if (j >= right.length) out.push(left[i++]);
    else {
      const li = leftAt[i] as number;
      const ri = rightAt[j] as number;
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}
