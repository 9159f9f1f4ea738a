import { type Document, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument, type Range } from "yaml";
import type { FieldSchema, KindSchema, SchemaRef } from "@/lib/kube/kind-schema";
import type { Marker } from "./patch-text";

/**
 * Schema checks of a YAML strategic-merge patch against its kind's schema (from the cluster's
 * OpenAPI, see GET console/schema/KIND): fields the kind does not have, and values of the wrong
 * type (string / integer / number / boolean, list / object). A strategic-merge patch is a partial
 * object, so nothing is required, and `null` (delete the key) fits every field. Directives are
 * accepted where Kubernetes takes them: `$patch: replace|delete|merge` in an object (a list item
 * too), `$retainKeys: [fields]`, `$setElementOrder/FIELD` and `$deleteFromPrimitiveList/FIELD`
 * (lists) next to a list field the object has.
 *
 *   spec:                      # Deployment
 *     replica: 2               → spec.replica: unknown field (did you mean replicas?)
 *     paused: "yes"            → spec.paused: expected a boolean, got a string
 */

type Check = { schema: KindSchema; lines: LineCounter; markers: Marker[] };

const PATCH_VALUES = ["replace", "delete", "merge"];
const LIST_DIRECTIVES = ["$setElementOrder/", "$deleteFromPrimitiveList/"];

function resolve(check: Check, ref: SchemaRef): FieldSchema {
  for (let seen = 0; typeof ref === "string" && seen < 16; seen++) ref = check.schema.definitions[ref] ?? { type: "any" };
  return typeof ref === "string" ? { type: "any" } : ref;
}

function mark(check: Check, range: Range | null | undefined, message: string): void {
  const start = check.lines.linePos(range?.[0] ?? 0);
  const end = check.lines.linePos(range?.[1] ?? range?.[0] ?? 0);
  check.markers.push({ line: start.line, column: start.col, endLine: end.line, endColumn: end.col, message, severity: "error" });
}

function child(path: string, key: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(key) && !key.startsWith("$")) return `${path}[${JSON.stringify(key)}]`;
  return path ? `${path}.${key}` : key;
}

function describe(node: Node | null): string {
  if (isMap(node)) return "an object";
  if (isSeq(node)) return "a list";
  const value = isScalar(node) ? node.value : null;
  if (typeof value === "number") return Number.isInteger(value) ? "an integer" : "a number";
  if (typeof value === "boolean") return "a boolean";
  return `a ${typeof value}`;
}

const EXPECTED = { object: "an object", list: "a list", string: "a string", integer: "an integer", number: "a number", boolean: "a boolean" };

function scalarFits(of: string[], value: unknown): boolean {
  if (typeof value === "string") return of.includes("string");
  if (typeof value === "boolean") return of.includes("boolean");
  if (typeof value === "number") return of.includes("number") || (of.includes("integer") && Number.isInteger(value));
  return true;
}

function isNull(node: Node | null): boolean {
  return node === null || (isScalar(node) && node.value === null);
}

/** The closest field name to a misspelled one (edit distance ≤ 2, or the same but for case). */
export function closest(name: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const c of candidates) {
    const d = c.toLowerCase() === name.toLowerCase() ? 0 : editDistance(name, c);
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

function checkValue(check: Check, node: Node | null, ref: SchemaRef, path: string): void {
  const schema = resolve(check, ref);
  if (schema.type === "any" || isNull(node)) return;
  const fits = schema.type === "object" ? isMap(node) : schema.type === "list" ? isSeq(node) : isScalar(node) && scalarFits(schema.of, node.value);
  if (!fits) {
    const expected = schema.type === "scalar" ? schema.of.map((t) => EXPECTED[t as keyof typeof EXPECTED]).join(" or ") : EXPECTED[schema.type];
    mark(check, node?.range, `${path}: expected ${expected}, got ${describe(node)}`);
    return;
  }
  if (schema.type === "list" && isSeq(node)) node.items.forEach((item, i) => checkValue(check, item as Node | null, schema.items, `${path}[${i}]`));
  if (schema.type === "object" && isMap(node)) checkObject(check, node.items as { key: unknown; value: unknown }[], schema, path);
}

function checkObject(check: Check, pairs: { key: unknown; value: unknown }[], schema: Extract<FieldSchema, { type: "object" }>, path: string): void {
  const names = Object.keys(schema.fields);
  for (const pair of pairs) {
    const keyNode = pair.key as Node | null;
    const value = pair.value as Node | null;
    const key = isScalar(keyNode) ? String(keyNode.value) : "";
    const at = child(path, key);
    if (key in schema.fields) {
      checkValue(check, value, schema.fields[key]!, at);
    } else if (key === "$patch") {
      const v = isScalar(value) ? value.value : undefined;
      if (typeof v !== "string" || !PATCH_VALUES.includes(v)) mark(check, value?.range ?? keyNode?.range, `${at}: must be one of ${PATCH_VALUES.join(", ")}`);
    } else if (key === "$retainKeys") {
      checkDirectiveList(check, value, at, (name, item) => {
        if (!(name in schema.fields)) mark(check, item.range, `${at}: ${name} is not a field here`);
      });
    } else if (LIST_DIRECTIVES.some((d) => key.startsWith(d))) {
      const field = key.slice(key.indexOf("/") + 1);
      const target = field in schema.fields ? resolve(check, schema.fields[field]!) : undefined;
      if (target?.type !== "list" && target?.type !== "any") mark(check, keyNode?.range, `${at}: ${field} is not a list field here`);
      else checkDirectiveList(check, value, at, () => undefined);
    } else if (key.startsWith("$")) {
      mark(check, keyNode?.range, `${at}: unknown strategic-merge directive`);
    } else if (schema.values) {
      checkValue(check, value, schema.values, at);
    } else {
      const suggestion = closest(key, names);
      mark(check, keyNode?.range, `${at}: unknown field${suggestion ? ` (did you mean ${suggestion}?)` : ""}`);
    }
  }
}

function checkDirectiveList(check: Check, node: Node | null, path: string, each: (name: string, item: Node) => void): void {
  if (!isSeq(node)) {
    mark(check, node?.range, `${path}: expected a list, got ${describe(node)}`);
    return;
  }
  for (const item of node.items as (Node | null)[]) {
    if (isScalar(item) && typeof item.value === "string") each(item.value, item);
    else if (!isMap(item)) mark(check, item?.range, `${path}: expected a list of names or key objects, got ${describe(item)}`);
  }
}

/** Markers for the fields and values of a YAML patch that its kind's schema does not take (none for YAML that does not parse: the syntax check names that). */
export function checkPatchSchema(body: string, schema: KindSchema): Marker[] {
  const lines = new LineCounter();
  const doc: Document = parseDocument(body, { lineCounter: lines });
  if (doc.errors.length || !isMap(doc.contents)) return [];
  const check: Check = { schema, lines, markers: [] };
  checkValue(check, doc.contents, schema.root, "");
  return check.markers;
}

/**
 * The kinds a YAML patch is checked against: the `kind` it names (the server applies it only to
 * objects of that kind), else the kind of the target object, else the kinds of the objects bound
 * to the target label (several: the caller says so and skips the schema checks).
 */
export function patchKinds(body: string, target: string, objects: readonly { name: string; kind: string; labels: readonly string[] }[]): string[] {
  const doc = parseDocument(body);
  const named = isMap(doc.contents) ? doc.contents.get("kind") : undefined;
  if (typeof named === "string" && named) return [named];
  const object = objects.find((o) => o.name === target);
  if (object) return [object.kind];
  return [...new Set(objects.filter((o) => o.labels.includes(target)).map((o) => o.kind))].sort();
}
