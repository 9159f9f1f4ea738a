/**
 * Strategic merge patch with the semantics of Kubernetes' apimachinery `strategicpatch` as used
 * by `kubectl patch --type strategic` (the oracle of this module's differential test).
 *
 * Rules, for a patch applied to an object:
 * - maps merge key by key, recursively; a `null` value deletes the key;
 * - a key missing from the object takes the patch value, with its `null`s and its maps that
 *   hold a `$patch` directive dropped; so does a key whose value differs in type from the patch's;
 * - lists with a merge key (see patch-meta.ts) merge element by element, matched by that key;
 *   unmatched patch elements are appended; lists of primitives with `merge` strategy are sets;
 *   every other list is replaced by the patch list;
 * - custom resources (crds.ts): maps merge as above; lists merge by key only where the CRD's
 *   schema says `x-kubernetes-list-type: map` (by all its `x-kubernetes-list-map-keys`, as
 *   server-side apply does), every other list is replaced (as kubectl's merge patch does: kubectl
 *   refuses a strategic merge patch on a custom resource);
 * - directives: `$patch: replace | delete` in a map, `{$patch: replace}` and
 *   `{<key>: v, $patch: delete}` in a keyed list, `$retainKeys: [..]` in a map,
 *   `$setElementOrder/<list>: [..]` beside a list, `$deleteFromPrimitiveList/<list>: [..]`.
 *
 * Worked example (Deployment):
 *
 *     object                          patch                            result
 *     spec:                           spec:                            spec:
 *       replicas: 1                     replicas: 3                      replicas: 3
 *       template:                       template:                        template:
 *         spec:                           spec:                            spec:
 *           containers:                     containers:                      containers:
 *           - name: app                     - name: app                      - name: app
 *             image: app:1                    image: app:2                     image: app:2
 *             args: [a, b]                    args: [c]                        args: [c]
 *             env:                            env:                             env:
 *             - {name: A, value: "1"}         - {name: B, value: "2"}          - {name: A, value: "1"}
 *           - name: sidecar                                                    - {name: B, value: "2"}
 *             image: proxy:1            metadata:                          - name: sidecar
 *     metadata:                           labels: {tier: null}               image: proxy:1
 *       labels: {tier: web, app: x}                                      metadata:
 *                                                                          labels: {app: x}
 *
 * The result is a new value: neither input is modified. Key order: the object's keys keep their
 * order, new keys follow in patch order; the YAML writer sorts keys as kubectl does.
 */
import { DirectiveError } from "./directive-error";
import { MaterializeError } from "./errors";
import { cloneJson, cloneNewValue, isMap, setKey, valueType, type JsonMap } from "./json-value";
import { mergeListField, applySetElementOrder, type MapMerger } from "./merge-list";
import { fieldMeta, patchMetaForKind, type CustomResourceMeta, type StructMeta } from "./patch-meta";

export const PATCH_DIRECTIVE = "$patch";
export const RETAIN_KEYS_DIRECTIVE = "$retainKeys";
export const SET_ELEMENT_ORDER_PREFIX = "$setElementOrder/";
export const DELETE_FROM_PRIMITIVE_LIST_PREFIX = "$deleteFromPrimitiveList/";

export interface StrategicMergeOptions {
  /** The kind whose merge keys apply; defaults to the original's `kind`. */
  kind?: string;
  /** Its API version (the group decides, see patch-meta.ts); defaults to the original's. */
  apiVersion?: string;
  /** The store's CRDs (crds.ts), for the merge keys of custom resources. */
  crds?: CustomResourceMeta;
}

/** Applies a strategic merge patch to an object; returns the result, leaves both inputs alone. */
export function strategicMergePatch(original: unknown, patch: unknown, opts: StrategicMergeOptions = {}): unknown {
  if (!isMap(patch)) throw new MaterializeError("invalid_patch", "a strategic merge patch must be a mapping");
  if (original !== null && original !== undefined && !isMap(original)) {
    throw new MaterializeError("invalid_document", "strategic merge applies to a mapping");
  }
  const kind = opts.kind ?? (isMap(original) && typeof original.kind === "string" ? original.kind : undefined);
  const apiVersion = opts.apiVersion ?? (isMap(original) ? original.apiVersion : undefined);
  return mergeIntoOwned(isMap(original) ? cloneJson(original) : {}, patch, patchMetaForKind(kind, apiVersion, opts.crds));
}

/**
 * The in-place form for callers that own `target` (a private deep copy): merges `patch` into it
 * and returns the result, which is `target` itself unless a `$patch` directive swapped it.
 */
export function mergeIntoOwned(target: JsonMap, patch: JsonMap, type: StructMeta | undefined): JsonMap {
  try {
    return mergeMap(target, patch, type);
  } catch (err) {
    throw DirectiveError.toMaterializeError(err);
  }
}

/** Directive keys start with `$`: one character test keeps the prefix tests off every other key. */
const DOLLAR = 0x24;

const mergeMap: MapMerger = (original, patch, type) => {
  if (Object.hasOwn(patch, PATCH_DIRECTIVE)) return mapDirective(patch);
  if (Object.hasOwn(patch, RETAIN_KEYS_DIRECTIVE)) retainKeys(original, patch);

  const keys = Object.keys(patch);
  let ordered: Set<string> | undefined;
  for (const key of keys) {
    if (key.charCodeAt(0) !== DOLLAR || !key.startsWith(SET_ELEMENT_ORDER_PREFIX)) continue;
    const listKey = key.slice(SET_ELEMENT_ORDER_PREFIX.length);
    try {
      applySetElementOrder(original, patch, listKey, patch[key], type, mergeMap);
    } catch (err) {
      throw DirectiveError.through(err, listKey);
    }
    (ordered ??= new Set()).add(listKey);
  }

  for (const rawKey of keys) {
    const directive = rawKey.charCodeAt(0) === DOLLAR;
    if (directive && (rawKey === RETAIN_KEYS_DIRECTIVE || rawKey.startsWith(SET_ELEMENT_ORDER_PREFIX))) continue;
    const isDeleteList = directive && rawKey.startsWith(DELETE_FROM_PRIMITIVE_LIST_PREFIX);
    const key = isDeleteList ? rawKey.slice(DELETE_FROM_PRIMITIVE_LIST_PREFIX.length) : rawKey;
    if (!isDeleteList && ordered?.has(key)) continue;
    try {
      mergeKey(original, key, patch[rawKey], isDeleteList, type);
    } catch (err) {
      throw DirectiveError.through(err, key);
    }
  }
  return original;
};

/** Merges the patch's value for one key (`$deleteFromPrimitiveList/` taken off) into `original`. */
function mergeKey(original: JsonMap, key: string, patchValue: unknown, isDeleteList: boolean, type: StructMeta | undefined): void {
  if (patchValue === null) {
    delete original[key];
    return;
  }
  if (typeof patchValue !== "object" && !isDeleteList) {
    // A scalar replaces whatever is there (the rules below come to the same).
    setKey(original, key, patchValue);
    return;
  }
  const originalValue = original[key];
  const kind = valueType(originalValue);
  if (!Object.hasOwn(original, key) || kind !== valueType(patchValue)) {
    if (!isDeleteList) setNewValue(original, key, patchValue);
    return;
  }
  const meta = fieldMeta(type, key);
  if (kind === "map") {
    original[key] = meta?.strategy === "replace" ? cloneJson(patchValue) : mergeMap(originalValue as JsonMap, patchValue as JsonMap, meta?.type);
  } else if (kind === "list") {
    original[key] = mergeListField(originalValue as unknown[], patchValue as unknown[], meta, isDeleteList, mergeMap);
  } else {
    original[key] = patchValue;
  }
}

function setNewValue(original: JsonMap, key: string, value: unknown): void {
  const copy = cloneNewValue(value);
  if (copy === undefined) delete original[key];
  else setKey(original, key, copy);
}

function mapDirective(patch: JsonMap): JsonMap {
  const directive = patch[PATCH_DIRECTIVE];
  if (directive === "replace") {
    const replaced: JsonMap = {};
    for (const key of Object.keys(patch)) if (key !== PATCH_DIRECTIVE) setKey(replaced, key, cloneJson(patch[key]));
    return replaced;
  }
  if (directive === "delete") return {};
  throw new DirectiveError(
    (path) => `unknown patch type ${JSON.stringify(directive)} in map at ${path || "<root>"} (a map allows $patch: replace or delete)`,
  );
}

function retainKeys(original: JsonMap, patch: JsonMap): void {
  const retained = patch[RETAIN_KEYS_DIRECTIVE];
  if (!Array.isArray(retained) || retained.some((k) => typeof k !== "string")) {
    throw new DirectiveError((path) => `$retainKeys at ${path || "<root>"} must be a list of strings`);
  }
  const keep = new Set(retained as string[]);
  for (const key of Object.keys(patch)) {
    const directive = key.startsWith("$") && (key === PATCH_DIRECTIVE || key === RETAIN_KEYS_DIRECTIVE || key.startsWith(SET_ELEMENT_ORDER_PREFIX) || key.startsWith(DELETE_FROM_PRIMITIVE_LIST_PREFIX));
    if (!directive && patch[key] !== null && !keep.has(key)) {
      throw new DirectiveError((path) => `$retainKeys at ${path || "<root>"} does not list patched key ${key}`);
    }
  }
  for (const key of Object.keys(original)) if (!keep.has(key)) delete original[key];
}
