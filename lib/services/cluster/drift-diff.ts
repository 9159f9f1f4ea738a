/**
 * Drift between a config and the live object: only the fields the config sets are compared.
 *
 * Rules (the table in drift-diff.test.ts has one case per rule):
 * - maps: each key the config sets is compared; keys only the server has (defaults, `status`,
 *   `metadata.managedFields`, uid, resourceVersion, ...) are not drift. `null` in the config = unset.
 * - lists of maps: items are matched by their merge key (`name`, then `containerPort`, `port`,
 *   `mountPath`, `devicePath`) when every config item has one, else by index; extra live items are
 *   not drift (the server may add e.g. injected sidecars); a missing item is one row.
 * - lists of scalars (`args`, `command`) compare whole.
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

export type DiffRow = { key: string; expected: string; got: string };

type Seg = string | { index: number; mergeKey?: string; mergeValue?: unknown };

/** One difference: where, the two values, and the smallest part of the live object a strategic patch can carry. */
type Difference = { path: Seg[]; expected: unknown; got: unknown; anchor: { path: Seg[]; live: unknown } };

export const ABSENT = "<absent>";

const SERVER_OWNED = new Set(["status"]);
const SERVER_OWNED_METADATA = new Set(["managedFields", "resourceVersion", "uid", "generation", "creationTimestamp", "selfLink", "deletionTimestamp", "deletionGracePeriodSeconds"]);
const MERGE_KEYS = ["name", "containerPort", "port", "mountPath", "devicePath"];

type Obj = Record<string, unknown>;
const isMap = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const isEmpty = (v: unknown) => (Array.isArray(v) ? v.length === 0 : isMap(v) && Object.keys(v).length === 0);

function walk(expected: unknown, live: unknown, path: Seg[], anchor: Difference["anchor"] | null, out: Difference[]): void {
  if (expected === null || expected === undefined || isEmpty(expected)) return;
  const here = () => anchor ?? { path, live };
  if (isMap(expected)) {
    if (!isMap(live)) {
      out.push({ path, expected, got: live, anchor: here() });
      return;
    }
    for (const [key, value] of Object.entries(expected)) {
      if (path.length === 0 && SERVER_OWNED.has(key)) continue;
      if (path.length === 1 && path[0] === "metadata" && SERVER_OWNED_METADATA.has(key)) continue;
      walk(value, live[key], [...path, key], anchor, out);
    }
    return;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(live)) {
      out.push({ path, expected, got: live, anchor: here() });
      return;
    }
    if (!expected.every(isMap)) {
      if (!sameList(expected, live)) out.push({ path, expected, got: live, anchor: here() });
      return;
    }
    const mergeKey = MERGE_KEYS.find((k) => expected.every((item) => (item as Obj)[k] !== undefined && (item as Obj)[k] !== null));
    // A list the strategic patch cannot address item by item is carried whole.
    const itemAnchor = mergeKey ? anchor : (anchor ?? { path, live });
    expected.forEach((item, index) => {
      const mergeValue = mergeKey ? (item as Obj)[mergeKey] : undefined;
      const match = mergeKey ? live.find((l) => isMap(l) && sameScalar(l[mergeKey], mergeValue)) : live[index];
      const seg: Seg = mergeKey ? { index, mergeKey, mergeValue } : { index };
      if (match === undefined) {
        out.push({ path: [...path, seg], expected: item, got: undefined, anchor: itemAnchor ?? { path: [...path, seg], live: undefined } });
        return;
      }
      walk(item, match, [...path, seg], itemAnchor, out);
    });
    return;
  }
  if (!sameScalar(expected, live)) out.push({ path, expected, got: live, anchor: here() });
}

function sameList(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((v, i) => (isMap(v) || Array.isArray(v) ? JSON.stringify(v) === JSON.stringify(b[i]) : sameScalar(v, b[i])));
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
  return typeof value === "object" ? JSON.stringify(value) : String(value);
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

function differences(config: Obj, live: Obj): Difference[] {
  const out: Difference[] = [];
  walk(secretAsStored(config), live, [], null, out);
  return out;
}

/** The diff rows of one object; `redact` hides values (Secrets). */
export function diffRows(config: Obj, live: Obj, redact?: (value: string) => string): DiffRow[] {
  const secret = config.kind === "Secret";
  return differences(config, live).map((d) => {
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
 * (live values; `null` where the live object lacks a field). Items of merge-key lists carry their
 * key; lists without one are carried whole.
 */
export function livePatch(config: Obj, live: Obj): Obj {
  const patch: Obj = {};
  for (const d of differences(config, live)) setAt(patch, d.anchor.path, d.anchor.live === undefined ? null : d.anchor.live);
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
    let item = list.find((x) => isMap(x) && seg.mergeKey !== undefined && sameScalar(x[seg.mergeKey], seg.mergeValue)) as Obj | undefined;
    if (!item) {
      item = seg.mergeKey !== undefined ? { [seg.mergeKey]: seg.mergeValue } : {};
      list.push(item);
    }
    if (last) {
      if (value === null && seg.mergeKey !== undefined) Object.assign(item, { $patch: "delete" });
      else if (isMap(value)) Object.assign(item, value);
    } else node = item;
  });
}
