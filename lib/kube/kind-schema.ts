// A kind's schema from a cluster's OpenAPI v3 document, made compact for the console's patch
// editor: only what field checks need (which fields an object has, and each value's type), shared
// definitions kept once by name (schemas are recursive: JSONSchemaProps, CRDs), nothing else.

export type ScalarType = "string" | "integer" | "number" | "boolean";

/** One value's schema: a definition's name, or inline. */
export type SchemaRef = string | FieldSchema;

export type FieldSchema =
  | { type: "any" }
  | { type: "scalar"; of: ScalarType[] }
  | { type: "list"; items: SchemaRef }
  /** `fields` named by the schema; `values` for any other key (a map), else other keys are unknown. */
  | { type: "object"; fields: Record<string, SchemaRef>; values?: SchemaRef };

export type KindSchema = { kind: string; apiVersion: string; root: string; definitions: Record<string, SchemaRef> };

type OpenApiSchema = {
  $ref?: string;
  type?: string;
  format?: string;
  allOf?: OpenApiSchema[];
  oneOf?: OpenApiSchema[];
  anyOf?: OpenApiSchema[];
  properties?: Record<string, OpenApiSchema>;
  additionalProperties?: OpenApiSchema | boolean;
  items?: OpenApiSchema;
  "x-kubernetes-int-or-string"?: boolean;
  "x-kubernetes-preserve-unknown-fields"?: boolean;
  "x-kubernetes-group-version-kind"?: { group: string; version: string; kind: string }[];
};

const SCALARS = new Set<string>(["string", "integer", "number", "boolean"]);
const REF_PREFIX = "#/components/schemas/";

function compact(s: OpenApiSchema, reached: string[]): SchemaRef {
  if (s.$ref?.startsWith(REF_PREFIX)) {
    const name = s.$ref.slice(REF_PREFIX.length);
    reached.push(name);
    return name;
  }
  if (s.allOf?.length === 1 && !s.type) return compact(s.allOf[0]!, reached);
  if (s["x-kubernetes-int-or-string"] || s.format === "int-or-string") return { type: "scalar", of: ["integer", "string"] };
  const union = s.oneOf ?? s.anyOf;
  if (union && !s.type) {
    const types = union.map((u) => u.type ?? "");
    return types.every((t) => SCALARS.has(t)) ? { type: "scalar", of: types as ScalarType[] } : { type: "any" };
  }
  if (s.type === "array") return { type: "list", items: s.items ? compact(s.items, reached) : { type: "any" } };
  if (s.type && SCALARS.has(s.type)) return { type: "scalar", of: [s.type as ScalarType] };
  if (s.type !== "object" && !s.properties) return { type: "any" };
  // An object schema without fields (RawExtension, free-form JSON) takes anything.
  if (!s.properties && typeof s.additionalProperties !== "object") return { type: "any" };
  const fields: Record<string, SchemaRef> = {};
  for (const [name, p] of Object.entries(s.properties ?? {})) fields[name] = compact(p, reached);
  const open = s["x-kubernetes-preserve-unknown-fields"] || s.additionalProperties === true;
  const values = open ? { type: "any" as const } : typeof s.additionalProperties === "object" ? compact(s.additionalProperties, reached) : undefined;
  return { type: "object", fields, ...(values ? { values } : {}) };
}

/**
 * The schema of `kind` in one group version's OpenAPI v3 document (the component whose
 * `x-kubernetes-group-version-kind` names it), with every definition it reaches; null when the
 * document has none.
 */
export function kindSchema(doc: Record<string, unknown>, group: string, version: string, kind: string): KindSchema | null {
  const all = ((doc.components as { schemas?: Record<string, OpenApiSchema> } | undefined)?.schemas ?? {}) as Record<string, OpenApiSchema>;
  const root = Object.keys(all).find((name) => all[name]!["x-kubernetes-group-version-kind"]?.some((g) => g.group === group && g.version === version && g.kind === kind));
  if (!root) return null;
  const definitions: Record<string, SchemaRef> = {};
  const queue = [root];
  for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
    if (name in definitions) continue;
    const s = all[name];
    definitions[name] = s ? compact(s, queue) : { type: "any" };
  }
  return { kind, apiVersion: group ? `${group}/${version}` : version, root, definitions };
}
