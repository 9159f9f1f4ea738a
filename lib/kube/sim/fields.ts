// Field paths of an object as server-side apply sees them, in the `FieldsV1` vocabulary:
//   f:<field>        a map field          k:{"name":"app"}  an item of an associative list
// A path is its elements joined by "\n", e.g. "f:spec\nf:template\nf:spec\nf:containers\nk:{\"name\":\"app\"}".
// Leaves are scalars, atomic lists and empty maps; associative-list items are recorded as nodes too.
//
// Associative lists (merged by key instead of replaced) are the ones Kubernetes declares as list-maps:
//   containers / initContainers / ephemeralContainers / env / volumes / imagePullSecrets by name,
//   volumeMounts by mountPath, container ports by containerPort+protocol, service ports by
//   port+protocol (protocol defaults to TCP in the key, so 53/UDP and 53/TCP are two items),
//   conditions by type, ownerReferences by uid. Every other list is atomic.
// Custom resources declare theirs in their schema (`x-kubernetes-list-type: map` with
// `x-kubernetes-list-map-keys`, see schema.ts): every walk below follows a Shape, which answers
// "is the list here a list-map, and by which keys?" for built-in kinds and custom ones alike.
import { clone, isObj, type Obj } from "./json";

const LIST_KEYS: Record<string, string[]> = {
  containers: ["name"],
  initContainers: ["name"],
  ephemeralContainers: ["name"],
  env: ["name"],
  volumes: ["name"],
  imagePullSecrets: ["name"],
  volumeMounts: ["mountPath"],
  volumeDevices: ["devicePath"],
  conditions: ["type"],
  ownerReferences: ["uid"],
  hostAliases: ["ip"],
};

/** Key fields an item may omit, and the value the key takes then (as the API server defaults it). */
const KEY_DEFAULTS: Obj = { protocol: "TCP" };

/** Which lists are associative (list-maps) and by which keys, walking down an object. */
export interface Shape {
  field(name: string): Shape;
  item(): Shape;
  /** The merge keys of the list here, or undefined when it is atomic. */
  keys(items: unknown[]): string[] | undefined;
}

const builtinShapes = new Map<string | undefined, Shape>();

/** Built-in kinds: a list's keys follow from the name of the field that holds it (LIST_KEYS). */
function builtinShape(field: string | undefined): Shape {
  let shape = builtinShapes.get(field);
  if (!shape) {
    shape = { field: builtinShape, item: () => builtinShape(undefined), keys: (items) => listKeys(field, items) };
    builtinShapes.set(field, shape);
  }
  return shape;
}

export const BUILTIN_SHAPE: Shape = builtinShape(undefined);

/** Merge keys of the list held in `field`, or undefined when the list is atomic. */
function listKeys(field: string | undefined, items: unknown[]): string[] | undefined {
  let keys = field ? LIST_KEYS[field] : undefined;
  if (field === "ports") keys = items.some((i) => isObj(i) && "containerPort" in i) ? ["containerPort", "protocol"] : ["port", "protocol"];
  if (!keys) return undefined;
  const k = keys;
  return items.every((i) => isObj(i) && k.every((key) => (i[key] ?? KEY_DEFAULTS[key]) !== undefined)) ? k : undefined;
}

/** `k:{"containerPort":53,"protocol":"UDP"}` — the path element of a list-map item. */
export function itemKey(item: Obj, keys: string[]): string {
  const k: Obj = {};
  for (const key of keys) k[key] = item[key] ?? KEY_DEFAULTS[key];
  return `k:${JSON.stringify(k)}`;
}

/** Items of list-maps in `o` whose key an earlier item of the same list already has, as field paths (`spec.ports[1]`). */
export function duplicateItems(o: unknown, shape: Shape, path = ""): { field: string; key: string }[] {
  if (isObj(o)) return Object.entries(o).flatMap(([k, v]) => duplicateItems(v, shape.field(k), path ? `${path}.${k}` : k));
  if (!Array.isArray(o)) return [];
  const keys = shape.keys(o);
  const seen = new Set<string>();
  return o.flatMap((item, i) => {
    const inner = duplicateItems(item, shape.item(), `${path}[${i}]`);
    if (!keys) return inner;
    const key = itemKey(item as Obj, keys);
    if (!seen.has(key)) {
      seen.add(key);
      return inner;
    }
    return [{ field: `${path}[${i}]`, key: pathToString(key) }, ...inner];
  });
}

const IGNORED_METADATA = new Set([
  "name",
  "namespace",
  "uid",
  "resourceVersion",
  "generation",
  "creationTimestamp",
  "deletionTimestamp",
  "deletionGracePeriodSeconds",
  "managedFields",
  "selfLink",
]);

export interface FieldSet {
  leaves: Set<string>;
  nodes: Set<string>;
}

/** The fields an object sets (status and identity metadata excluded unless `withStatus`). */
export function fieldSet(o: Obj, shape: Shape, withStatus = false): FieldSet {
  const fs: FieldSet = { leaves: new Set(), nodes: new Set() };
  const walk = (v: unknown, path: string[], at: Shape): void => {
    if (isObj(v)) {
      const keys = Object.keys(v).filter((k) => v[k] !== undefined);
      if (keys.length === 0 && path.length) fs.leaves.add(path.join("\n"));
      for (const k of keys) walk(v[k], [...path, `f:${k}`], at.field(k));
    } else if (Array.isArray(v)) {
      const keys = at.keys(v);
      if (!keys || v.length === 0) {
        fs.leaves.add(path.join("\n"));
        return;
      }
      for (const item of v as Obj[]) {
        const p = [...path, itemKey(item, keys)];
        fs.nodes.add(p.join("\n"));
        walk(item, p, at.item());
      }
    } else {
      fs.leaves.add(path.join("\n"));
    }
  };
  for (const [k, v] of Object.entries(o)) {
    if (k === "apiVersion" || k === "kind" || (k === "status" && !withStatus)) continue;
    if (k === "metadata" && isObj(v)) {
      const meta = shape.field("metadata");
      for (const [mk, mv] of Object.entries(v)) if (!IGNORED_METADATA.has(mk)) walk(mv, ["f:metadata", `f:${mk}`], meta.field(mk));
      continue;
    }
    walk(v, [`f:${k}`], shape.field(k));
  }
  return fs;
}

export function allPaths(fs: FieldSet): Set<string> {
  return new Set([...fs.leaves, ...fs.nodes]);
}

interface Located {
  parent: Obj | unknown[];
  at: string | number;
}

function locate(o: Obj, path: string): Located | undefined {
  const els = path.split("\n");
  let cur: unknown = o;
  let loc: Located | undefined;
  for (const el of els) {
    if (el.startsWith("f:")) {
      if (!isObj(cur)) return undefined;
      loc = { parent: cur, at: el.slice(2) };
      cur = cur[el.slice(2)];
    } else if (el.startsWith("k:")) {
      if (!Array.isArray(cur)) return undefined;
      const keys = Object.keys(JSON.parse(el.slice(2)) as Obj);
      const idx = cur.findIndex((i) => isObj(i) && itemKey(i, keys) === el);
      if (idx < 0) return undefined;
      loc = { parent: cur, at: idx };
      cur = cur[idx];
    } else {
      return undefined;
    }
  }
  return loc;
}

export function valueAt(o: Obj, path: string): unknown {
  const loc = locate(o, path);
  if (!loc) return undefined;
  return Array.isArray(loc.parent) ? loc.parent[loc.at as number] : (loc.parent as Obj)[loc.at as string];
}

export function removeAt(o: Obj, path: string): void {
  const loc = locate(o, path);
  if (!loc) return;
  if (Array.isArray(loc.parent)) loc.parent.splice(loc.at as number, 1);
  else delete loc.parent[loc.at as string];
}

/** `.spec.template.spec.containers[name="app"].image` — how conflicts name a field. */
export function pathToString(path: string): string {
  return path
    .split("\n")
    .map((el) => {
      if (el.startsWith("f:")) return `.${el.slice(2)}`;
      const k = JSON.parse(el.slice(2)) as Obj;
      return `[${Object.entries(k)
        .map(([n, v]) => `${n}=${JSON.stringify(v)}`)
        .join(",")}]`;
    })
    .join("");
}

/** Merges `applied` into `live`: maps recursively, associative lists by key, everything else replaced. */
export function mergeApplied(live: unknown, applied: unknown, shape: Shape): unknown {
  if (isObj(live) && isObj(applied)) {
    const out: Obj = clone(live);
    for (const [k, v] of Object.entries(applied)) out[k] = mergeApplied(live[k], v, shape.field(k));
    return out;
  }
  if (Array.isArray(live) && Array.isArray(applied)) {
    const keys = shape.keys(applied);
    if (keys && shape.keys(live)) {
      const out = clone(live) as Obj[];
      for (const item of applied as Obj[]) {
        const id = itemKey(item, keys);
        const idx = out.findIndex((i) => itemKey(i, keys) === id);
        if (idx >= 0) out[idx] = mergeApplied(out[idx], item, shape.item()) as Obj;
        else out.push(clone(item));
      }
      return out;
    }
  }
  return clone(applied);
}

/** FieldsV1 JSON for a set of paths. */
export function toFieldsV1(paths: Iterable<string>): Obj {
  const root: Obj = {};
  for (const p of paths) {
    let cur = root;
    for (const el of p.split("\n")) {
      const next = isObj(cur[el]) ? (cur[el] as Obj) : {};
      cur[el] = next;
      cur = next;
    }
    if (p.split("\n").pop()?.startsWith("k:")) cur["."] = {};
  }
  return root;
}

/** Paths of a FieldsV1 JSON (the inverse of toFieldsV1). */
export function fromFieldsV1(f: unknown): Set<string> {
  const out = new Set<string>();
  const walk = (v: Obj, path: string[]): void => {
    for (const [k, c] of Object.entries(v)) {
      if (k === ".") continue;
      const p = [...path, k];
      const co = isObj(c) ? c : {};
      const children = Object.keys(co);
      if (children.length === 0 || children.includes(".")) out.add(p.join("\n"));
      walk(co, p);
    }
  };
  if (isObj(f)) walk(f, []);
  return out;
}
