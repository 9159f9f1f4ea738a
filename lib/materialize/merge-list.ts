/**
 * List handling of the strategic merge (see strategic-merge.ts for the rules):
 * merge by key, sets of primitives, `$patch` list elements, `$deleteFromPrimitiveList`,
 * and the element order that `$setElementOrder` imposes, computed the way kubectl does.
 */
import { DirectiveError, listDirectiveError } from "./directive-error";
import { goSliceStable } from "./go-stable-sort";
import { cloneJson, isMap, jsonEqual, valueType, type JsonMap } from "./json-value";
import { fieldMeta, type FieldMeta, type StructMeta } from "./patch-meta";

export type MapMerger = (original: JsonMap, patch: JsonMap, type: StructMeta | undefined) => JsonMap;

const PATCH = "$patch";

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
    return orderAfterPatch(merged, patch, original, "", kind);
  }
  const mergeKey = meta?.mergeKey;
  if (mergeKey === undefined) throw listDirectiveError("cannot merge a list of maps without a merge key");
  const maps = patch as JsonMap[];
  const special = hasSpecialElements(maps) ? withoutSpecialElements(original, maps, mergeKey) : { original, patch: maps };
  const merged = mergeByKey([...special.original], special.patch, mergeKey, meta?.type, mergeMap);
  return orderAfterPatch(merged, special.patch, special.original, mergeKey, kind);
}

/**
 * kubectl's element order after a merge: the elements the patch names, in patch order, and the
 * object's other elements, in their order, interleaved by their positions in the object's list.
 */
function orderAfterPatch(
  merged: unknown[],
  order: unknown[],
  serverOrder: unknown[],
  mergeKey: string,
  kind: string,
): unknown[] {
  if (followsServerOrder(order, serverOrder, mergeKey, kind)) return merged;
  const inOrder: unknown[] = [];
  const inOrderAt: number[] = [];
  const serverOnly: unknown[] = [];
  for (const item of merged) {
    const at = indexIn(order, item, mergeKey, kind);
    if (at >= 0) {
      inOrder.push(item);
      inOrderAt.push(at);
    } else serverOnly.push(item);
  }
  const sortedPatch = normalizeOrder(inOrder, inOrderAt, order, mergeKey, kind);
  const sortedServer = normalizeOrder(serverOnly, positionsIn(serverOrder, serverOnly, mergeKey, kind), serverOrder, mergeKey, kind);
  return mergeSorted(sortedServer, sortedPatch, serverOrder, mergeKey, kind);
}

/**
 * True when every element of `order` is in `serverOrder`, in the same relative order: the
 * merged list (which keeps the server's positions) is then already in kubectl's order.
 */
function followsServerOrder(order: unknown[], serverOrder: unknown[], mergeKey: string, kind: string): boolean {
  let last = -1;
  for (const item of order) {
    if (kind === "map" && !(isMap(item) && Object.hasOwn(item, mergeKey))) return false;
    const at = indexIn(serverOrder, item, mergeKey, kind);
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
  mergeKey: string,
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
      if (!Object.hasOwn(item, mergeKey)) {
        throw listDirectiveError(`$patch: delete element does not contain merge key ${mergeKey}`);
      }
      const value = item[mergeKey];
      remaining = remaining.filter((o) => !(isMap(o) && o[mergeKey] === value));
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
  mergeKey: string,
  type: StructMeta | undefined,
  mergeMap: MapMerger,
): unknown[] {
  const merged = original;
  for (const item of patch) {
    if (!Object.hasOwn(item, mergeKey)) throw listDirectiveError(`element does not contain merge key ${mergeKey}`);
    const value = item[mergeKey];
    const at = indexOfKey(merged, mergeKey, value);
    if (at >= 0) {
      try {
        merged[at] = mergeMap(merged[at] as JsonMap, item, type);
      } catch (err) {
        throw DirectiveError.through(err, `[${mergeKey}=${String(value)}]`);
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
  const mergeKey = meta?.mergeKey ?? "";
  validateAgainstOrder(patchList ?? [], order, mergeKey, listKey);

  let merged: unknown[];
  if (originalList !== undefined && patchList === undefined) merged = originalList;
  else if (originalList === undefined && patchList !== undefined) merged = cloneJson(patchList);
  else if (originalList !== undefined && patchList !== undefined)
    merged = mergeListField(originalList, patchList, meta, false, mergeMap);
  else return;

  const kind = sliceElementType(originalList ?? [], patchList ?? []);
  original[listKey] = orderAfterPatch(merged, order, originalList ?? [], mergeKey, kind);
}

function listAt(map: JsonMap, key: string): unknown[] | undefined {
  if (!Object.hasOwn(map, key)) return undefined;
  const value = map[key];
  if (!Array.isArray(value)) throw listDirectiveError(`${key} is not a list`);
  return value;
}

function validateAgainstOrder(patchList: unknown[], order: unknown[], mergeKey: string, listKey: string): void {
  if (order.length === 0 || patchList.length === 0) return;
  const candidates =
    mergeKey === ""
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
    if (sameMergeKey(item, order[s], mergeKey)) p++;
    s++;
  }
  if (p < candidates.length && s >= order.length) {
    throw listDirectiveError(`the order of the patch list does not match $setElementOrder/${listKey}`);
  }
}

function sameMergeKey(left: unknown, right: unknown, mergeKey: string): boolean {
  if (mergeKey === "") return left === right;
  if (!isMap(left) || !isMap(right)) throw listDirectiveError("list elements must be maps");
  if (!Object.hasOwn(left, mergeKey) || !Object.hasOwn(right, mergeKey)) {
    throw listDirectiveError(`element does not contain merge key ${mergeKey}`);
  }
  return left[mergeKey] === right[mergeKey];
}

function indexIn(list: unknown[], item: unknown, mergeKey: string, kind: string): number {
  if (kind !== "map") return list.indexOf(item);
  return indexOfKey(list, mergeKey, isMap(item) ? item[mergeKey] : undefined);
}

/** The first element whose merge key is `key` (an element that is no map has none: `undefined`). */
function indexOfKey(list: unknown[], mergeKey: string, key: unknown): number {
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    if ((isMap(v) ? v[mergeKey] : undefined) === key) return i;
  }
  return -1;
}

function positionsIn(list: unknown[], items: unknown[], mergeKey: string, kind: string): number[] {
  const at: number[] = [];
  for (const item of items) at.push(indexIn(list, item, mergeKey, kind));
  return at;
}

/** `items` in kubectl's order for `order`; `at[i]` is the position of `items[i]` in `order` (-1: absent). */
function normalizeOrder(items: unknown[], at: number[], order: unknown[], mergeKey: string, kind: string): unknown[] {
  let deletes = false;
  if (kind === "map") {
    for (const list of [items, order]) {
      for (const item of list) {
        if (!isMap(item) || !Object.hasOwn(item, mergeKey)) {
          throw listDirectiveError(`element does not contain merge key ${mergeKey}`);
        }
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

function mergeSorted(left: unknown[], right: unknown[], serverOrder: unknown[], mergeKey: string, kind: string) {
  const leftAt = positionsIn(serverOrder, left, mergeKey, kind);
  const rightAt = positionsIn(serverOrder, right, mergeKey, kind);
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
