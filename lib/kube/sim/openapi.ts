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
import { createHash } from "node:crypto";
import * as models from "@kubernetes/client-node";
import { RESOURCE_TYPES, servedGroupVersions, servedIn } from "./registry";

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
function componentSchemas(roots: { model: string; gvk: Schema }[]): Record<string, Schema> {
  const schemas: Record<string, Schema> = {};
  const queue: string[] = [];
  for (const { model, gvk } of roots) {
    if (!modelOf(model)) continue;
    schemas[model] = { ...modelSchema(model, queue), "x-kubernetes-group-version-kind": [gvk] };
  }
  for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
    if (!(name in schemas)) schemas[name] = modelSchema(name, queue);
  }
  return schemas;
}

function gvPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

function buildDoc(group: string, version: string): Schema | undefined {
  const types = RESOURCE_TYPES.filter((r) => r.group === group && servedIn(r, version));
  if (types.length === 0) return undefined;
  const paths: Record<string, unknown> = {};
  for (const rt of types) {
    const base = `/${gvPath(group, version)}${rt.namespaced ? "/namespaces/{namespace}" : ""}/${rt.plural}/{name}`;
    paths[base] = {
      patch: {
        operationId: `patch${rt.kind}`,
        "x-kubernetes-action": "patch",
        "x-kubernetes-group-version-kind": { group, version, kind: rt.kind },
        parameters: QUERY_PARAMS.map((name) => ({ name, in: "query", schema: { type: name === "force" ? "boolean" : "string", uniqueItems: true } })),
        responses: { "200": { description: "OK" } },
      },
    };
  }
  const modelVersion = version.charAt(0).toUpperCase() + version.slice(1);
  const schemas = componentSchemas(types.map((rt) => ({ model: `${modelVersion}${rt.kind}`, gvk: { group, version, kind: rt.kind } })));
  return { openapi: "3.0.0", info: { title: "Kubernetes", version: "v1.32.0-sim" }, paths, components: { schemas } };
}

const docs = new Map<string, { doc: Schema | undefined; hash: string }>();

function cachedDoc(group: string, version: string): { doc: Schema | undefined; hash: string } {
  const key = gvPath(group, version);
  let entry = docs.get(key);
  if (!entry) {
    const doc = buildDoc(group, version);
    entry = { doc, hash: createHash("sha256").update(JSON.stringify(doc ?? null)).digest("hex").slice(0, 32).toUpperCase() };
    docs.set(key, entry);
  }
  return entry;
}

export function openApiDoc(group: string, version: string): Schema | undefined {
  return cachedDoc(group, version).doc;
}

export function openApiRoot(): Schema {
  const paths: Record<string, unknown> = {};
  for (const { group, version } of servedGroupVersions()) {
    paths[gvPath(group, version)] = { serverRelativeURL: `/openapi/v3/${gvPath(group, version)}?hash=${cachedDoc(group, version).hash}` };
  }
  return { paths };
}
