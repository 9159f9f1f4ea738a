/**
 * Patch texts as `patches/apply` takes them: a YAML (or JSON) strategic merge body preceded by a
 * `# target: NAME` tag, or the reference's JSON-patch envelope `{comment, kind, target, patch}`.
 * A `# __ib_label=scalar` line turns off the key-by-key merge of ConfigMap hot configs.
 */
import type { Operation } from "fast-json-patch";
import { MaterializeError } from "./errors";
import { isMap, type JsonMap } from "./json-value";
import { DEFAULT_PARSE_LIMITS, parseDocuments, type ParseLimits } from "./yaml-documents";

export interface StrategicPatch {
  format: "YAML";
  target?: string;
  /** The `kind` the body names: only objects of that kind take the patch. */
  kind?: string;
  /** The body as written. */
  body: JsonMap;
  /** `# __ib_label=scalar`: ConfigMap data values are replaced, never merged key by key. */
  scalarHotConfigs: boolean;
}

export interface JsonPatch {
  format: "JSON";
  target?: string;
  kind?: string;
  comment?: string;
  ops: Operation[];
}

export type ParsedPatch = StrategicPatch | JsonPatch;

const TARGET_TAG = /^[ \t]*#[ \t]*target:[ \t]*(\S+)[ \t]*\r?$/m;
const SCALAR_TAG = /^[ \t]*#[ \t]*__ib_label=scalar[ \t]*\r?$/m;
const OPS = new Set(["add", "remove", "replace", "move", "copy", "test"]);
const ENVELOPE_KEYS = new Set(["comment", "kind", "target", "patch"]);

/** The `# target: NAME` tag of a text: the first one on a comment line before the body. */
export function parseTargetTag(text: string): string | undefined {
  for (let start = 0, n = 0; start < text.length && n < 200; n++) {
    let end = text.indexOf("\n", start);
    if (end === -1) end = text.length;
    const line = text.slice(start, end);
    start = end + 1;
    const trimmed = line.trim();
    if (trimmed === "" || trimmed === "---") continue;
    if (!trimmed.startsWith("#")) return undefined;
    const match = TARGET_TAG.exec(line);
    if (match) return match[1];
  }
  return undefined;
}

/** Parses one patch text (one document) into a strategic merge patch or a JSON patch. */
export function parsePatchText(text: string, limits: ParseLimits = DEFAULT_PARSE_LIMITS): ParsedPatch {
  const docs = parseDocuments(text, limits);
  if (docs.length !== 1) {
    throw new MaterializeError("invalid_patch", `a patch holds exactly one YAML or JSON document; found ${docs.length}`);
  }
  const doc = docs[0] as { index: number; line: number; value: unknown };
  const context = { document: doc.index, line: doc.line };
  if (!isMap(doc.value)) {
    throw new MaterializeError("invalid_patch", `document ${doc.index} (line ${doc.line}): a patch must be a mapping`, context);
  }
  const tag = parseTargetTag(text);
  if (isJsonPatchEnvelope(doc.value)) return jsonPatchFromEnvelope(doc.value, tag, context);
  const kind = doc.value.kind;
  if (kind !== undefined && (typeof kind !== "string" || kind === "")) {
    throw new MaterializeError("invalid_patch", `document ${doc.index} (line ${doc.line}): kind must be a kind's name (Deployment)`, context);
  }
  return {
    format: "YAML",
    target: tag,
    kind: typeof kind === "string" ? kind : undefined,
    body: doc.value,
    scalarHotConfigs: SCALAR_TAG.test(text),
  };
}

function isJsonPatchEnvelope(value: JsonMap): boolean {
  return Array.isArray(value.patch) && Object.keys(value).every((k) => ENVELOPE_KEYS.has(k));
}

function jsonPatchFromEnvelope(value: JsonMap, tag: string | undefined, context: { document: number; line: number }): JsonPatch {
  const fail = (message: string): never => {
    throw new MaterializeError("invalid_patch", `JSON patch: ${message}`, context);
  };
  for (const key of ["comment", "kind", "target"] as const) {
    if (value[key] !== undefined && typeof value[key] !== "string") fail(`${key} must be a string`);
  }
  const ops = (value.patch as unknown[]).map((op, i) => validateOperation(op, i, fail));
  return {
    format: "JSON",
    target: (value.target as string | undefined) ?? tag,
    kind: value.kind as string | undefined,
    comment: value.comment as string | undefined,
    ops,
  };
}

function validateOperation(op: unknown, index: number, fail: (message: string) => never): Operation {
  if (!isMap(op)) return fail(`operation ${index} must be an object`);
  if (typeof op.op !== "string" || !OPS.has(op.op)) return fail(`operation ${index}: op must be one of ${[...OPS].join(", ")}`);
  if (typeof op.path !== "string" || (op.path !== "" && !op.path.startsWith("/"))) {
    return fail(`operation ${index} (${op.op}): path must be a JSON pointer`);
  }
  if ((op.op === "move" || op.op === "copy") && (typeof op.from !== "string" || (op.from !== "" && !op.from.startsWith("/")))) {
    return fail(`operation ${index} (${op.op}): from must be a JSON pointer`);
  }
  if ((op.op === "add" || op.op === "replace" || op.op === "test") && !Object.hasOwn(op, "value")) {
    return fail(`operation ${index} (${op.op}): value is required`);
  }
  return op as unknown as Operation;
}
