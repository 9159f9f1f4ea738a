/**
 * Drift between a config and the live object: only the fields the config sets are compared.
 *
 * Rules (the table in drift-diff.test.ts has one case per rule):
 * - maps: each key the config sets is compared; keys only the server has (defaults, `status`,
 *   `metadata.managedFields`, uid, resourceVersion, ...) are not drift. `null` in the config = unset.
 *   A live object without `metadata.namespace` is cluster-scoped: the API server drops a namespace
 *   the config gives it, so that is not drift either.
 * - lists of maps: items are matched as the API server tells them apart (patch-meta.ts, the kind
 *   by its API group; a custom resource by its CRD's `x-kubernetes-list-map-keys`, when the
 *   caller passes the store's CRDs):
 *   - keyed lists by all their key fields, a missing key field counting as its default: container
 *     ports by containerPort and protocol, Service ports by port and protocol (a config port without
 *     protocol is TCP, so 9094/TCP and 9094/UDP are two items and a defaulted `protocol: TCP` is no
 *     drift), env/containers/volumes by name, volumeMounts by mountPath, ...;
 *   - atomic lists (NetworkPolicy ingress/egress rules and their ports/from/to; a custom
 *     resource's lists that its CRD does not declare a map) by position;
 *   - lists the kind does not describe by the first of `name`, `containerPort`+`protocol`,
 *     `port`+`protocol`, `mountPath`, `devicePath` that every config item has, else by position.
 *   Extra live items are not drift (the server may add e.g. injected sidecars); a missing item is one row.
 * - lists of scalars (`args`, `command`) compare whole; sets (finalizers) compare as sets, a live
 *   value the config does not list being no drift.
 * - scalars compare as text (`8080` = `"8080"`), and resource quantities by value (`0.5` = `500m`,
 *   `1Gi` = `1024Mi`). Empty maps and lists in the config set nothing.
 * - Secrets: `stringData` is compared with the base64 `data` the server keeps.
 *
 * Rows are `{key, expected, got}` with dotted keys (`spec.template.spec.containers.0.image`, the
 * index of the item in the config); an absent live value is `<absent>`.
 *
 * Example: config `{spec: {replicas: 3}}`, live `{spec: {replicas: 1, progressDeadlineSeconds: 600}}`
 * → `[{key: "spec.replicas", expected: "3", got: "1"}]`.
 */
import { fieldMeta, patchMetaForKind, type CustomResourceMeta, type FieldMeta, type StructMeta } from "@/lib/materialize/patch-meta";
import { toJson } from "@/lib/materialize/json-write";

export type DiffRow = { key: string; expected: string; got: string };

export interface DriftOptions {
  /** The store's CRDs (a CrdIndex of lib/materialize/crds.ts): custom resources' keyed lists. */
  crds?: CustomResourceMeta;
}

/** A list item: its index in the config, and the key fields (with the config's values) that identify it. */
type Seg = string | { index: number; keys?: Obj };

/** One difference: where, the two values, and the smallest part of the live object a strategic patch can carry. */
type Difference = { path: Seg[]; expected: unknown; got: unknown; anchor: { path: Seg[]; live: unknown } };

export const ABSENT = "<absent>";

const SERVER_OWNED = new Set(["status"]);
const SERVER_OWNED_METADATA = new Set(["managedFields", "resourceVersion", "uid", "generation", "creationTimestamp", "selfLink", "deletionTimestamp", "deletionGracePeriodSeconds"]);

/** How the items of a list the kind does not describe are matched: the first that every config item has. */
const TCP = { protocol: "TCP" };
const GUESSED_KEYS: ListKey[] = [{ fields: ["name"] }, { fields: ["containerPort", "protocol"], defaults: TCP }, { fields: ["port", "protocol"], defaults: TCP }, { fields: ["mountPath"] }, { fields: ["devicePath"] }];

interface ListKey {
  fields: readonly string[];
  defaults?: Readonly<Record<string, unknown>>;
}

type Obj = Record<string, unknown>;
const isMap = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const isEmpty = (v: unknown) => (Array.isArray(v) ? v.length === 0 : isMap(v) && Object.keys(v).length === 0);

const keyValue = (item: Obj, field: string, key: ListKey) => (Object.hasOwn(item, field) && item[field] !== null ? item[field] : key.defaults?.[field]);
const hasKey = (item: Obj, key: ListKey) => key.fields.every((f) => keyValue(item, f, key) !== undefined);
const sameKey = (a: Obj, b: unknown, key: ListKey) => isMap(b) && key.fields.every((f) => sameScalar(keyValue(a, f, key), keyValue(b, f, key)));

/** How the config's items of one list are matched with the live ones: by a key, or by position. */
function listKeyOf(items: readonly Obj[], meta: FieldMeta | undefined): ListKey | undefined {
  const fields = meta?.listMapKeys ?? (meta?.mergeKey !== undefined ? [meta.mergeKey] : undefined);
  if (fields !== undefined) {
    const key = { fields, ...(meta?.keyDefaults ? { defaults: meta.keyDefaults } : {}) };
    return items.every((item) => hasKey(item, key)) ? key : undefined;
  }
  if (meta?.strategy === "replace") return undefined;
  return GUESSED_KEYS.find((key) => items.every((item) => keyValue(item, key.fields[0] as string, key) !== undefined));
}

/**
 * Whether a strategic patch can address the list's items one by one: not when two config items
 * share the one field a strategic merge matches by (53/TCP and 53/UDP share port 53).
 */
function addressable(items: readonly Obj[], key: ListKey, meta: FieldMeta | undefined): boolean {
  if (key.fields.length === 1 || meta?.associative === true) return true;
  const field = key.fields[0] as string;
  const seen = new Set(items.map((item) => String(item[field])));
  return seen.size === items.length;
}

function walk(expected: unknown, live: unknown, path: Seg[], anchor: Difference["anchor"] | null, out: Difference[], type: StructMeta | undefined, meta: FieldMeta | undefined): void {
  if (expected === null || expected === undefined || isEmpty(expected)) return;
  const here = () => anchor ?? { path, live };
  if (isMap(expected)) {
    if (!isMap(live)) {
      out.push({ path, expected, got: live, anchor: here() });
      return;
    }
    const inMetadata = path.length === 1 && path[0] === "metadata";
    for (const [key, value] of Object.entries(expected)) {
      if (path.length === 0 && SERVER_OWNED.has(key)) continue;
      if (inMetadata && (SERVER_OWNED_METADATA.has(key) || (key === "namespace" && !Object.hasOwn(live, "namespace")))) continue;
      const child = fieldMeta(type, key);
      walk(value, live[key], [...path, key], anchor, out, child?.type, child);
    }
    return;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(live)) {
      out.push({ path, expected, got: live, anchor: here() });
      return;
    }
    if (!expected.every(isMap)) {
      const set = meta?.strategy === "merge" && meta.mergeKey === undefined && meta.listMapKeys === undefined;
      const same = set ? expected.every((v) => live.some((l) => sameScalar(v, l))) : sameList(expected, live);
      if (!same) out.push({ path, expected, got: live, anchor: here() });
      return;
    }
    const key = listKeyOf(expected, meta);
    // A list the strategic patch cannot address item by item is carried whole; `$patch: replace`
    // keeps a strategic merge from matching its items by a key that does not tell them apart.
    const byItem = key !== undefined && addressable(expected, key, meta);
    const itemAnchor = byItem ? anchor : (anchor ?? { path, live: key === undefined ? live : [...live, { $patch: "replace" }] });
    expected.forEach((item, index) => {
      const match = key ? live.find((l) => sameKey(item, l, key)) : live[index];
      const seg: Seg = key ? { index, keys: Object.fromEntries(key.fields.filter((f) => Object.hasOwn(item, f)).map((f) => [f, item[f]])) } : { index };
      if (match === undefined) {
        out.push({ path: [...path, seg], expected: item, got: undefined, anchor: itemAnchor ?? { path: [...path, seg], live: undefined } });
        return;
      }
      // The key fields matched (defaults counted): only the others are compared.
      walk(key ? withoutFields(item, key.fields) : item, match, [...path, seg], itemAnchor, out, meta?.type, undefined);
    });
    return;
  }
  if (!sameScalar(expected, live)) out.push({ path, expected, got: live, anchor: here() });
}

function withoutFields(item: Obj, fields: readonly string[]): Obj {
  const out: Obj = {};
  for (const [k, v] of Object.entries(item)) if (!fields.includes(k)) out[k] = v;
  return out;
}

function sameList(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((v, i) => (isMap(v) || Array.isArray(v) ? toJson(v) === toJson(b[i]) : sameScalar(v, b[i])));
}

const QUANTITY = /^([+-]?(?:\d+\.?\d*|\.\d+))(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei|[eE][+-]?\d+)?$/;
const SUFFIX: Record<string, number> = {
  m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** A Kubernetes resource quantity as a number, or null when the text is not one. */
export function quantityValue(value: unknown): number | null {
  if (typeof value === "number") return value;
  if (typeof value !== "string") return null;
  const m = QUANTITY.exec(value.trim());
  if (!m) return null;
  const suffix = m[2];
  if (suffix === undefined) return Number(m[1]);
  if (/^[eE]/.test(suffix)) return Number(m[1] + suffix);
  return Number(m[1]) * SUFFIX[suffix]!;
}

/** Two scalars are the same as text, or as resource quantities by value (`0.5` = `500m`). */
export function sameScalar(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || a === null || b === undefined || b === null) return false;
  if (typeof a === "object" || typeof b === "object") return false;
  if (String(a) === String(b)) return true;
  const qa = quantityValue(a);
  const qb = quantityValue(b);
  return qa !== null && qb !== null && Math.abs(qa - qb) <= 1e-9 * Math.max(Math.abs(qa), Math.abs(qb));
}

function show(value: unknown): string {
  if (value === undefined || value === null) return ABSENT;
  return typeof value === "object" ? toJson(value) : String(value);
}

function dotted(path: readonly Seg[]): string {
  return path.map((s) => (typeof s === "string" ? s : String(s.index))).join(".");
}

/** A Secret's `stringData` as the base64 `data` the API server stores. */
function secretAsStored(config: Obj): Obj {
  if (config.kind !== "Secret" || !isMap(config.stringData)) return config;
  const data: Obj = { ...(isMap(config.data) ? config.data : {}) };
  for (const [k, v] of Object.entries(config.stringData)) if (v !== null && v !== undefined) data[k] = Buffer.from(String(v)).toString("base64");
  const { stringData: _stringData, ...rest } = config;
  return { ...rest, data };
}

function differences(config: Obj, live: Obj, options: DriftOptions): Difference[] {
  const out: Difference[] = [];
  const type = patchMetaForKind(typeof config.kind === "string" ? config.kind : undefined, config.apiVersion, options.crds);
  walk(secretAsStored(config), live, [], null, out, type, undefined);
  return out;
}

/** The diff rows of one object; `redact` hides values (Secrets). */
export function diffRows(config: Obj, live: Obj, redact?: (value: string) => string, options: DriftOptions = {}): DiffRow[] {
  const secret = config.kind === "Secret";
  return differences(config, live, options).map((d) => {
    const key = dotted(d.path);
    const hide = redact && secret && (d.path[0] === "data" || d.path[0] === "stringData");
    const expected = show(d.expected);
    const got = show(d.got);
    return {
      key,
      expected: hide && expected !== ABSENT ? redact(expected) : expected,
      got: hide && got !== ABSENT ? redact(got) : got,
    };
  });
}

/**
 * A strategic merge patch that turns the config into the live object for the fields that drifted
 * (live values; `null` where the live object lacks a field). Items of keyed lists carry their key
 * fields; other lists are carried whole (with `$patch: replace` where a strategic merge would
 * match their items by a key that does not tell them apart).
 */
export function livePatch(config: Obj, live: Obj, options: DriftOptions = {}): Obj {
  const patch: Obj = {};
  for (const d of differences(config, live, options)) setAt(patch, d.anchor.path, d.anchor.live === undefined ? null : d.anchor.live);
  return patch;
}

function setAt(root: Obj, path: readonly Seg[], value: unknown): void {
  let node: Obj | unknown[] = root;
  path.forEach((seg, i) => {
    const last = i === path.length - 1;
    const next = path[i + 1];
    const container = () => (next !== undefined && typeof next !== "string" ? [] : {});
    if (typeof seg === "string") {
      const map = node as Obj;
      if (last) map[seg] = value;
      else node = (map[seg] ??= container()) as Obj | unknown[];
      return;
    }
    const list = node as unknown[];
    const keys = seg.keys;
    let item = keys && (list.find((x) => isMap(x) && Object.entries(keys).every(([k, v]) => sameScalar(x[k], v))) as Obj | undefined);
    if (!item) {
      item = { ...keys };
      list.push(item);
    }
    if (last) {
      if (value === null && keys !== undefined) Object.assign(item, { $patch: "delete" });
      else if (isMap(value)) Object.assign(item, value);
    } else node = item;
  });
}
