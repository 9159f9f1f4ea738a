// The OpenAPI v3 surface, in a real API server's shape: the root lists one document per group
// version; each document has the resources' PATCH operations (with the `fieldValidation` query
// parameter kubectl reads to leave field validation to the server) and `components.schemas`, where
// each served kind's schema carries `x-kubernetes-group-version-kind` and reaches the rest through
// `$ref`s (wrapped in `allOf` where a real server wraps them).
//
// The schemas come from @kubernetes/client-node's models, which are generated from the Kubernetes
// OpenAPI spec (their `attributeTypeMap` keeps each field's type and format). Component names are
// the models' names (`V1PodSpec`), not a real server's `io.k8s.api.core.v1.PodSpec`: clients find a
// kind's schema by `x-kubernetes-group-version-kind`, as kubectl does. The models write quantities
// as strings; the fields that hold quantities are named below, so `cpu: 1` is accepted as a real
// server's `oneOf: [string, number]` does.
//
// A custom resource's schema is its CRD version's openAPIV3Schema with apiVersion, kind and
// metadata (a `$ref` to ObjectMeta) added, named as a real server names it
// (`com.example.v1.Widget` for example.com/v1 Widget); its PATCH operation accepts JSON patch,
// merge patch and apply, not strategic merge.
import { createHash } from "node:crypto";
import * as models from "@kubernetes/client-node";
import { clone, obj, type Obj } from "./json";
import { Registry, servedIn, type ResourceType } from "./registry";

const QUERY_PARAMS = ["dryRun", "fieldManager", "fieldValidation", "force", "pretty"];

type Schema = Record<string, unknown>;
type Attribute = { baseName: string; type: string; format: string };
type Model = { attributeTypeMap?: Attribute[] };

const QUANTITY: Schema = { oneOf: [{ type: "string" }, { type: "number" }], "x-kubernetes-quantity": true };
/** Model.field pairs whose values are quantities (maps of them, or one). */
const QUANTITY_FIELDS = new Set([
  "V1ResourceRequirements.limits",
  "V1ResourceRequirements.requests",
  "V1VolumeResourceRequirements.limits",
  "V1VolumeResourceRequirements.requests",
  "V1ResourceQuotaSpec.hard",
  "V1ResourceQuotaStatus.hard",
  "V1ResourceQuotaStatus.used",
  "V1LimitRangeItem.default",
  "V1LimitRangeItem.defaultRequest",
  "V1LimitRangeItem.max",
  "V1LimitRangeItem.min",
  "V1LimitRangeItem.maxLimitRequestRatio",
  "V1NodeStatus.capacity",
  "V1NodeStatus.allocatable",
  "V1PersistentVolumeSpec.capacity",
  "V1PersistentVolumeClaimStatus.capacity",
  "V1PersistentVolumeClaimStatus.allocatedResources",
  "V1EmptyDirVolumeSource.sizeLimit",
  "V1PodSpec.overhead",
]);

function modelOf(name: string): Model | undefined {
  const m = (models as unknown as Record<string, unknown>)[name];
  return typeof m === "function" && Array.isArray((m as Model).attributeTypeMap) ? (m as Model) : undefined;
}

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });

/** One field's schema from its client-node type; `reached` collects the models it refers to. */
function fieldSchema(type: string, format: string, quantity: boolean, reached: string[]): Schema {
  const list = /^Array<(.+)>$/.exec(type);
  if (list) return { type: "array", items: fieldSchema(list[1]!, format, quantity, reached) };
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map) return { type: "object", additionalProperties: fieldSchema(map[1]!, format, quantity, reached) };
  if (quantity) return QUANTITY;
  if (type === "string" || type === "Date") return { type: "string", ...(format ? { format } : {}) };
  if (type === "number") return { type: format.startsWith("int") ? "integer" : "number", format };
  if (type === "boolean") return { type: "boolean" };
  if (type === "IntOrString") return { "x-kubernetes-int-or-string": true, anyOf: [{ type: "integer" }, { type: "string" }] };
  if (modelOf(type)) {
    reached.push(type);
    return { allOf: [ref(type)], default: {} };
  }
  return {};
}

function modelSchema(name: string, reached: string[]): Schema {
  const properties: Record<string, Schema> = {};
  for (const a of modelOf(name)?.attributeTypeMap ?? []) {
    properties[a.baseName] = fieldSchema(a.type, a.format, QUANTITY_FIELDS.has(`${name}.${a.baseName}`), reached);
  }
  return { type: "object", properties };
}

/** The schemas of the given kinds and of every model they reach. */
function componentSchemas(roots: { model: string; gvk?: Schema }[]): Record<string, Schema> {
  const schemas: Record<string, Schema> = {};
  const queue: string[] = [];
  for (const { model, gvk } of roots) {
    if (!modelOf(model)) continue;
    schemas[model] = { ...modelSchema(model, queue), ...(gvk ? { "x-kubernetes-group-version-kind": [gvk] } : {}) };
  }
  for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
    if (!(name in schemas)) schemas[name] = modelSchema(name, queue);
  }
  return schemas;
}

function gvPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

const CUSTOM_PATCH_TYPES = ["application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml"];

function patchOperation(group: string, version: string, rt: ResourceType): Schema {
  return {
    operationId: `patch${rt.kind}`,
    "x-kubernetes-action": "patch",
    "x-kubernetes-group-version-kind": { group, version, kind: rt.kind },
    parameters: QUERY_PARAMS.map((name) => ({ name, in: "query", schema: { type: name === "force" ? "boolean" : "string", uniqueItems: true } })),
    ...(rt.custom ? { requestBody: { content: Object.fromEntries(CUSTOM_PATCH_TYPES.map((t) => [t, { schema: { type: "object" } }])), required: true } } : {}),
    responses: { "200": { description: "OK" } },
  };
}

/** `monitoring.coreos.com`, `v1`, `Prometheus` → `com.coreos.monitoring.v1.Prometheus`. */
function customSchemaName(group: string, version: string, kind: string): string {
  return [...group.split(".").reverse(), version, kind].join(".");
}

function customSchema(group: string, version: string, rt: ResourceType): Schema {
  const schema = clone(obj(rt.custom?.versions[version]?.schema)) as Obj;
  schema.type ??= "object";
  schema.properties = {
    apiVersion: { type: "string", description: "APIVersion defines the versioned schema of this representation of an object." },
    kind: { type: "string", description: "Kind is a string value representing the REST resource this object represents." },
    ...obj(schema.properties),
    metadata: { allOf: [ref("V1ObjectMeta")], description: "Standard object's metadata." },
  };
  return { ...schema, "x-kubernetes-group-version-kind": [{ group, version, kind: rt.kind }] };
}

function buildDoc(types: ResourceType[], group: string, version: string): Schema | undefined {
  if (types.length === 0) return undefined;
  const paths: Record<string, unknown> = {};
  for (const rt of types) {
    paths[`/${gvPath(group, version)}${rt.namespaced ? "/namespaces/{namespace}" : ""}/${rt.plural}/{name}`] = { patch: patchOperation(group, version, rt) };
  }
  const modelVersion = version.charAt(0).toUpperCase() + version.slice(1);
  const builtin = types.filter((rt) => !rt.custom);
  const custom = types.filter((rt) => rt.custom);
  const schemas = componentSchemas([
    ...builtin.map((rt) => ({ model: `${modelVersion}${rt.kind}`, gvk: { group, version, kind: rt.kind } })),
    ...(custom.length ? [{ model: "V1ObjectMeta" }] : []),
  ]);
  for (const rt of custom) schemas[customSchemaName(group, version, rt.kind)] = customSchema(group, version, rt);
  return { openapi: "3.0.0", info: { title: "Kubernetes", version: "v1.32.0-sim" }, paths, components: { schemas } };
}

interface Entry {
  doc: Schema | undefined;
  hash: string;
}

/** Built-in documents never change; a registry's custom ones until its next CRD change (generation). */
const builtinDocs = new Map<string, Entry>();
const customDocs = new WeakMap<Registry, { generation: number; docs: Map<string, Entry> }>();

function cachedDoc(registry: Registry, group: string, version: string): Entry {
  const key = gvPath(group, version);
  const builtin = registry.isBuiltinGroup(group);
  let cache = builtinDocs;
  if (!builtin) {
    let custom = customDocs.get(registry);
    if (!custom || custom.generation !== registry.generation) {
      custom = { generation: registry.generation, docs: new Map() };
      customDocs.set(registry, custom);
    }
    cache = custom.docs;
  }
  let entry = cache.get(key);
  if (!entry) {
    const types = (builtin ? registry.types.filter((r) => !r.custom) : registry.customTypes).filter((r) => r.group === group && servedIn(r, version));
    const doc = buildDoc(types, group, version);
    entry = { doc, hash: createHash("sha256").update(JSON.stringify(doc ?? null)).digest("hex").slice(0, 32).toUpperCase() };
    cache.set(key, entry);
  }
  return entry;
}

/** A registry of the built-in kinds only (the documents of a simulator without CRDs). */
const BUILTIN_REGISTRY = new Registry();

export function openApiDoc(group: string, version: string, registry: Registry = BUILTIN_REGISTRY): Schema | undefined {
  return cachedDoc(registry, group, version).doc;
}

export function openApiRoot(registry: Registry = BUILTIN_REGISTRY): Schema {
  const paths: Record<string, unknown> = {};
  for (const { group, version } of registry.groupVersions()) {
    paths[gvPath(group, version)] = { serverRelativeURL: `/openapi/v3/${gvPath(group, version)}?hash=${cachedDoc(registry, group, version).hash}` };
  }
  return { paths };
}
