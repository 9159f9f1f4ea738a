// Structural schemas (a CRD version's `openAPIV3Schema`) applied to custom resources as the API
// server applies them on every write, in this order:
//   1. pruning: fields the schema does not specify are dropped, except under
//      `x-kubernetes-preserve-unknown-fields: true` (at any depth) and `apiVersion`, `kind`,
//      `metadata` at the root and in `x-kubernetes-embedded-resource` objects; `null` is dropped
//      where the schema is not `nullable`;
//   2. defaulting: an absent property with a `default` gets it (inside objects that exist);
//   3. validation: type, nullable, enum, required, min/max(imum, Length, Items, Properties),
//      exclusive bounds, pattern — each failure a 422 cause with the field path a real server
//      names (`spec.endpoints[0].port`) and its wording (`spec.replicas in body must be of type
//      integer: "string"`). `metadata` is ObjectMeta, checked as for every kind (validate.ts).
// Not applied: CEL rules (x-kubernetes-validations), formats, allOf/anyOf/oneOf/not.
//
// Example: with `spec: {type: object, properties: {replicas: {type: integer, default: 1}}}`,
//   {spec: {extra: 1}}      → pruned ["spec.extra"], result {spec: {replicas: 1}}
//   {spec: {replicas: "2"}} → spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"
import type { StatusCause } from "./errors";
import { BUILTIN_SHAPE, type Shape } from "./fields";
import { clone, deepEqual, isObj, obj, str, type Obj } from "./json";

const KEPT_AT_ROOT = new Set(["apiVersion", "kind", "metadata"]);

function propertySchema(schema: Obj | undefined, name: string): Obj | undefined {
  const props = obj(schema?.properties);
  if (isObj(props[name])) return props[name];
  return isObj(schema?.additionalProperties) ? schema.additionalProperties : undefined;
}

function preserves(schema: Obj | undefined): boolean {
  return schema?.["x-kubernetes-preserve-unknown-fields"] === true;
}

function keepsObjectMeta(schema: Obj | undefined, root: boolean): boolean {
  return root || schema?.["x-kubernetes-embedded-resource"] === true;
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** Removes what the schema does not specify from `value` (in place); returns the unknown fields' paths. */
export function prune(value: unknown, schema: Obj | undefined, path = "", root = true): string[] {
  const unknown: string[] = [];
  if (Array.isArray(value)) {
    const items = isObj(schema?.items) ? schema.items : undefined;
    value.forEach((item, i) => unknown.push(...prune(item, items, `${path}[${i}]`, false)));
    return unknown;
  }
  if (!isObj(value)) return unknown;
  for (const [key, v] of Object.entries(value)) {
    if (keepsObjectMeta(schema, root) && KEPT_AT_ROOT.has(key)) continue;
    const sub = propertySchema(schema, key);
    if (!sub && !preserves(schema) && schema?.additionalProperties !== true) {
      delete value[key];
      unknown.push(join(path, key));
      continue;
    }
    if (v === null && sub && sub.nullable !== true) {
      delete value[key];
      continue;
    }
    if (sub) unknown.push(...prune(v, sub, join(path, key), false));
  }
  return unknown;
}

/** Sets the schema's defaults on absent properties of `value` (in place), inside objects that exist. */
export function applySchemaDefaults(value: unknown, schema: Obj | undefined): void {
  if (!schema) return;
  if (Array.isArray(value)) {
    const items = isObj(schema.items) ? schema.items : undefined;
    for (const item of value) applySchemaDefaults(item, items);
    return;
  }
  if (!isObj(value)) return;
  for (const [key, sub] of Object.entries(obj(schema.properties))) {
    if (isObj(sub) && value[key] === undefined && sub.default !== undefined) value[key] = clone(sub.default);
  }
  for (const [key, v] of Object.entries(value)) applySchemaDefaults(v, propertySchema(schema, key));
}

/** The type name go-openapi reports for a JSON value. */
function typeName(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v === "object" ? "object" : typeof v;
}

function hasType(v: unknown, type: string): boolean {
  switch (type) {
    case "object":
      return isObj(v);
    case "array":
      return Array.isArray(v);
    case "integer":
      return typeof v === "number" && Number.isInteger(v);
    case "number":
      return typeof v === "number";
    default:
      return typeof v === type;
  }
}

/** A value as field errors print it. */
function shown(v: unknown): string {
  return JSON.stringify(v) ?? "null";
}

function invalidCause(field: string, value: unknown, detail: string): StatusCause {
  return { type: "FieldValueInvalid", message: `Invalid value: ${shown(value)}: ${field} in body ${detail}`, field };
}

function boundCauses(v: number, schema: Obj, field: string): StatusCause[] {
  const causes: StatusCause[] = [];
  const min = schema.minimum;
  const max = schema.maximum;
  if (typeof min === "number" && (schema.exclusiveMinimum === true ? v <= min : v < min)) {
    causes.push(invalidCause(field, v, `should be greater than ${schema.exclusiveMinimum === true ? "" : "or equal to "}${min}`));
  }
  if (typeof max === "number" && (schema.exclusiveMaximum === true ? v >= max : v > max)) {
    causes.push(invalidCause(field, v, `should be less than ${schema.exclusiveMaximum === true ? "" : "or equal to "}${max}`));
  }
  return causes;
}

function stringCauses(v: string, schema: Obj, field: string): StatusCause[] {
  const causes: StatusCause[] = [];
  const length = [...v].length;
  if (typeof schema.maxLength === "number" && length > schema.maxLength) {
    causes.push({ type: "FieldValueTooLong", message: `Too long: may not be more than ${schema.maxLength} bytes`, field });
  }
  if (typeof schema.minLength === "number" && length < schema.minLength) {
    causes.push(invalidCause(field, v, `should be at least ${schema.minLength} chars long`));
  }
  const pattern = str(schema.pattern);
  if (pattern !== undefined) {
    let re: RegExp | undefined;
    try {
      re = new RegExp(pattern, "u");
    } catch {
      re = undefined;
    }
    if (re && !re.test(v)) causes.push(invalidCause(field, v, `should match '${pattern}'`));
  }
  return causes;
}

function countCauses(count: number, schema: Obj, field: string, min: string, max: string, unit: string): StatusCause[] {
  const causes: StatusCause[] = [];
  if (typeof schema[max] === "number" && count > (schema[max] as number)) {
    causes.push({ type: "FieldValueTooMany", message: `Too many: ${count}: must have at most ${String(schema[max])} items`, field });
  }
  if (typeof schema[min] === "number" && count < (schema[min] as number)) {
    causes.push(invalidCause(field, count, `should have at least ${String(schema[min])} ${unit}`));
  }
  return causes;
}

/** Validation failures of `value` against `schema` (pruned and defaulted first), as 422 causes. */
export function schemaCauses(value: unknown, schema: Obj | undefined, path = "", root = true): StatusCause[] {
  if (!schema) return [];
  if (value === null) {
    return schema.nullable === true ? [] : [{ type: "FieldValueTypeInvalid", message: `Invalid value: "null": ${path} in body must be of type ${str(schema.type) ?? "object"}: "null"`, field: path }];
  }
  const type = str(schema.type);
  const intOrString = schema["x-kubernetes-int-or-string"] === true;
  if (intOrString ? !hasType(value, "integer") && !hasType(value, "string") : type !== undefined && !hasType(value, type)) {
    const actual = typeName(value);
    const expected = intOrString ? "integer,string" : (type ?? "");
    return [{ type: "FieldValueTypeInvalid", message: `Invalid value: "${actual}": ${path} in body must be of type ${expected}: "${actual}"`, field: path }];
  }
  const causes: StatusCause[] = [];
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => deepEqual(e, value))) {
    const supported = schema.enum.map(shown).join(", ");
    causes.push({ type: "FieldValueNotSupported", message: `Unsupported value: ${shown(value)}: supported values: ${supported}`, field: path });
  }
  if (typeof value === "number") causes.push(...boundCauses(value, schema, path));
  if (typeof value === "string") causes.push(...stringCauses(value, schema, path));
  if (Array.isArray(value)) {
    causes.push(...countCauses(value.length, schema, path, "minItems", "maxItems", "items"));
    const items = isObj(schema.items) ? schema.items : undefined;
    value.forEach((item, i) => causes.push(...schemaCauses(item, items, `${path}[${i}]`, false)));
  }
  if (isObj(value)) {
    causes.push(...countCauses(Object.keys(value).length, schema, path, "minProperties", "maxProperties", "properties"));
    for (const key of Array.isArray(schema.required) ? schema.required : []) {
      if (typeof key === "string" && value[key] === undefined) causes.push({ type: "FieldValueRequired", message: "Required value", field: join(path, key) });
    }
    for (const [key, v] of Object.entries(value)) {
      if (keepsObjectMeta(schema, root) && KEPT_AT_ROOT.has(key)) continue;
      causes.push(...schemaCauses(v, propertySchema(schema, key), join(path, key), false));
    }
  }
  return causes;
}

/** Server-side apply's view of a custom resource: list-maps are the lists the schema declares `x-kubernetes-list-type: map`. */
export function schemaShape(schema: Obj | undefined, root = true): Shape {
  return {
    field: (name) => (keepsObjectMeta(schema, root) && name === "metadata" ? BUILTIN_SHAPE.field("metadata") : schemaShape(propertySchema(schema, name), false)),
    item: () => schemaShape(isObj(schema?.items) ? schema.items : undefined, false),
    keys: (items) => {
      if (schema?.["x-kubernetes-list-type"] !== "map") return undefined;
      const keys = (Array.isArray(schema["x-kubernetes-list-map-keys"]) ? schema["x-kubernetes-list-map-keys"] : []).filter((k): k is string => typeof k === "string");
      return keys.length && items.every((i) => isObj(i) && keys.every((k) => i[k] !== undefined)) ? keys : undefined;
    },
  };
}
