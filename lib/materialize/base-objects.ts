/** Base configs: Kubernetes objects from multi-document YAML, identified by `metadata.name`. */
import { MaterializeError } from "./errors";
import { isMap } from "./json-value";
import type { BaseObject } from "./materialize";
import { DEFAULT_PARSE_LIMITS, parseDocuments, type ParseLimits } from "./yaml-documents";

/**
 * Parses the objects of one text. Each document must be a mapping with `kind` and
 * `metadata.name`; two objects with one name are rejected (both kinds named).
 */
export function parseBaseObjects(text: string, limits: ParseLimits = DEFAULT_PARSE_LIMITS, source = "input"): BaseObject[] {
  const objects = parseDocuments(text, limits).map((doc) => {
    const where = `${source}: document ${doc.index} (line ${doc.line})`;
    const context = { document: doc.index, line: doc.line };
    if (!isMap(doc.value)) throw new MaterializeError("invalid_document", `${where} is not a mapping`, context);
    const kind = doc.value.kind;
    const metadata = doc.value.metadata;
    const name = isMap(metadata) ? metadata.name : undefined;
    if (typeof kind !== "string" || kind === "") throw new MaterializeError("invalid_document", `${where} has no kind`, context);
    if (typeof name !== "string" || name === "") throw new MaterializeError("invalid_document", `${where} has no metadata.name`, context);
    return { name, kind, object: doc.value };
  });
  assertUniqueNames(objects);
  return objects;
}

/** Object names are unique across kinds. */
export function assertUniqueNames(objects: readonly BaseObject[]): void {
  const seen = new Map<string, string>();
  for (const o of objects) {
    const kind = seen.get(o.name);
    if (kind !== undefined) {
      throw new MaterializeError("invalid_document", `two objects are named ${o.name}: a ${kind} and a ${o.kind}`, { object: o.name });
    }
    seen.set(o.name, o.kind);
  }
}
