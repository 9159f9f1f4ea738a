/**
 * What the store's CustomResourceDefinitions say about their custom resources: whether a kind
 * is cluster-scoped (`spec.scope`), and how a patch merges into one (its schema). Built from the
 * CRD objects (as parsed JSON maps); anything that is not an `apiextensions.k8s.io`
 * CustomResourceDefinition is ignored, so the caller can pass every base object of the store.
 *
 * Merge metadata from a version's `openAPIV3Schema` (`spec.versions[].schema`, or v1beta1's
 * `spec.validation`; the object's version, else the storage version), the rules of server-side
 * apply as far as a patch can follow them:
 * - an object's `properties` merge field by field; `additionalProperties` gives the meta of every
 *   field it does not name; `x-kubernetes-map-type: atomic` replaces the object whole;
 * - an array with `x-kubernetes-list-type: map` merges element by element, an element identified
 *   by all its `x-kubernetes-list-map-keys` (`[containerPort, protocol]`), a key field the element
 *   omits counting as the field's schema `default`, in server-side apply's element order (a new
 *   element follows the object's elements before it, see merge-list.ts);
 * - every other array is replaced: `atomic` (a CRD's default) and `set` alike. A set merges as a
 *   union in server-side apply, where several managers share it; a patch is the same owner
 *   changing its own config, which must be able to drop a value;
 * - `metadata` is ObjectMeta, as for every kind (finalizers a set, ownerReferences by uid).
 *
 * Example, a CRD whose `spec.ports` says `list-type: map, list-map-keys: [port, protocol]` and
 * `protocol: {default: TCP}`:
 *
 *     object                            patch                             result
 *     spec:                             spec:                             spec:
 *       ports:                            ports:                            ports:
 *       - {port: 53, protocol: UDP}       - {port: 53, name: dns}           - {port: 53, protocol: UDP}
 *       - {port: 53, name: x}             args: [b]                         - {port: 53, name: dns}
 *       args: [a]                                                           args: [b]
 */
import { isMap, setKey, type JsonMap } from "./json-value";
import { ANY_FIELD, objectMeta, type CustomResourceMeta, type FieldMeta, type StructMeta } from "./patch-meta";
import { BUILT_IN_SCOPES, groupOf, type ScopeIndex } from "./scope";

interface CrdEntry {
  readonly scope: unknown;
  readonly spec: JsonMap;
  /** Merge metadata by version, built when first asked for. */
  readonly meta: Map<string, StructMeta>;
}

/** The group and kind a CRD defines, if it is a CRD. */
function definedKind(object: unknown): { group: string; kind: string; spec: JsonMap } | undefined {
  if (!isMap(object) || object.kind !== "CustomResourceDefinition" || groupOf(object.apiVersion) !== "apiextensions.k8s.io") return undefined;
  const spec = object.spec;
  if (!isMap(spec) || typeof spec.group !== "string" || !isMap(spec.names) || typeof spec.names.kind !== "string") return undefined;
  return { group: spec.group, kind: spec.names.kind, spec };
}

export class CrdIndex implements ScopeIndex, CustomResourceMeta {
  private readonly byGroupKind = new Map<string, CrdEntry>();

  constructor(objects: Iterable<unknown>) {
    for (const object of objects) {
      const defined = definedKind(object);
      if (defined !== undefined) this.byGroupKind.set(`${defined.group}/${defined.kind}`, { scope: defined.spec.scope, spec: defined.spec, meta: new Map() });
    }
  }

  private entry(apiVersion: unknown, kind: unknown): CrdEntry | undefined {
    const group = groupOf(apiVersion);
    return group === undefined || typeof kind !== "string" ? undefined : this.byGroupKind.get(`${group}/${kind}`);
  }

  /** Built-in cluster-scoped kinds, and custom resources whose CRD has `spec.scope: Cluster`. */
  isClusterScoped(apiVersion: unknown, kind: unknown): boolean {
    return BUILT_IN_SCOPES.isClusterScoped(apiVersion, kind) || this.entry(apiVersion, kind)?.scope === "Cluster";
  }

  /** The merge metadata of a custom resource (undefined when no CRD of the store defines its kind). */
  patchMeta(apiVersion: unknown, kind: unknown): StructMeta | undefined {
    const entry = this.entry(apiVersion, kind);
    if (entry === undefined) return undefined;
    const version = (apiVersion as string).slice((apiVersion as string).lastIndexOf("/") + 1);
    let meta = entry.meta.get(version);
    if (meta === undefined) entry.meta.set(version, (meta = { ...structOf(schemaOf(entry.spec, version)), metadata: { type: objectMeta } }));
    return meta;
  }
}

/** The openAPIV3Schema of one version of a CRD: that version's, else the storage version's. */
function schemaOf(spec: JsonMap, version: string): unknown {
  const versions = Array.isArray(spec.versions) ? spec.versions.filter(isMap) : [];
  const chosen = versions.find((v) => v.name === version) ?? versions.find((v) => v.storage === true);
  const schema = isMap(chosen?.schema) ? chosen.schema.openAPIV3Schema : undefined;
  return schema ?? (isMap(spec.validation) ? spec.validation.openAPIV3Schema : undefined);
}

/** The struct meta of an object schema (its `properties` and `additionalProperties`). */
function structOf(schema: unknown): StructMeta {
  const out: { [field: string]: FieldMeta; [ANY_FIELD]?: FieldMeta } = {};
  if (!isMap(schema)) return out;
  if (isMap(schema.properties)) {
    for (const [field, property] of Object.entries(schema.properties)) {
      const meta = fieldOf(property);
      if (meta !== undefined) setKey(out as JsonMap, field, meta);
    }
  }
  const rest = fieldOf(schema.additionalProperties);
  if (rest !== undefined) out[ANY_FIELD] = rest;
  return out;
}

/** The meta of one field's schema; undefined when it is a scalar or says nothing. */
function fieldOf(schema: unknown): FieldMeta | undefined {
  if (!isMap(schema)) return undefined;
  if (schema.type === "array" || isMap(schema.items)) {
    const type = isMap(schema.items) ? structOf(schema.items) : undefined;
    const keys = schema["x-kubernetes-list-map-keys"];
    if (schema["x-kubernetes-list-type"] !== "map" || !Array.isArray(keys) || keys.length === 0 || !keys.every((k) => typeof k === "string")) {
      return { strategy: "replace", type };
    }
    const keyDefaults = defaultsOf(schema.items, keys as string[]);
    if (keys.length === 1 && keyDefaults === undefined) return { strategy: "merge", associative: true, mergeKey: keys[0] as string, type };
    return { strategy: "merge", associative: true, listMapKeys: keys as string[], ...(keyDefaults ? { keyDefaults } : {}), type };
  }
  if (schema["x-kubernetes-map-type"] === "atomic") return { strategy: "replace" };
  if (isMap(schema.properties) || isMap(schema.additionalProperties)) return { type: structOf(schema) };
  return undefined;
}

/** The schema defaults of an element's key fields, if any has one. */
function defaultsOf(items: unknown, keys: readonly string[]): Record<string, unknown> | undefined {
  const properties = isMap(items) && isMap(items.properties) ? items.properties : {};
  let out: Record<string, unknown> | undefined;
  for (const key of keys) {
    const property = properties[key];
    if (isMap(property) && Object.hasOwn(property, "default")) (out ??= {})[key] = property.default;
  }
  return out;
}

/** The index of the CRDs among `objects` (every base object of the store may be passed). */
export function buildCrdIndex(objects: Iterable<unknown>): CrdIndex {
  return new CrdIndex(objects);
}
