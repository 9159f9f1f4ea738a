/**
 * Multi-document YAML (`---`) parsing with limits: bytes per document, document count, and alias
 * expansion (js-yaml expands aliases unguarded, so a "billion laughs" text is refused here).
 * Each document goes first to the fast block-YAML reader (yaml-fast-read.ts), then, when that
 * gives up, to js-yaml; both give the same value for what the fast reader accepts.
 * Errors name the 0-based document index and the 1-based line in the whole text.
 */
import jsYaml from "js-yaml";
import { MaterializeError } from "./errors";
import { readYamlFast, UNSUPPORTED } from "./yaml-fast-read";

export interface ParseLimits {
  /** Largest document, in UTF-16 code units of its text. */
  maxDocumentBytes: number;
  maxDocuments: number;
  /** Most nodes a document may have once aliases are expanded. */
  maxExpandedNodes: number;
}

export const DEFAULT_PARSE_LIMITS: ParseLimits = {
  maxDocumentBytes: 4 * 1024 * 1024,
  maxDocuments: 10_000,
  maxExpandedNodes: 1_000_000,
};

export interface YamlDocument {
  /** 0-based index among the documents of the text, empty ones included. */
  index: number;
  /** 1-based line where the document's content starts. */
  line: number;
  value: unknown;
}

/** One document's value, as `parseDocument` reads it but unguarded (errors are js-yaml's). */
export function loadYaml(text: string): unknown {
  const fast = readYamlFast(text);
  return fast !== UNSUPPORTED ? fast : jsYaml.load(text, { schema: YAML_SCHEMA });
}

/** YAML 1.2 core schema plus merge keys (`<<`): no timestamps, no custom tags. */
const MERGE_KEY = new jsYaml.Type("tag:yaml.org,2002:merge", { kind: "scalar", resolve: (data: unknown) => data === "<<" });
export const YAML_SCHEMA = jsYaml.CORE_SCHEMA.extend({ implicit: [MERGE_KEY] });

const SEPARATOR = /^---(?=[ \t\r\n]|$)/gm;

function countLines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf("\n", from); i !== -1 && i < to; i = text.indexOf("\n", i + 1)) n++;
  return n;
}

/**
 * Splits a text at `---` lines; returns each document's text and its first line. What follows
 * `---` on its line (`--- {a: 1}`) stays in the document, the marker blanked to keep columns.
 */
function splitDocuments(text: string): { text: string; line: number }[] {
  const docs: { text: string; line: number }[] = [];
  let start = 0;
  let line = 1;
  for (const match of text.matchAll(SEPARATOR)) {
    const at = match.index;
    const chunk = text.slice(start, at);
    if (start > 0 || !isBlank(chunk)) docs.push({ text: chunk, line });
    line += countLines(text, start, at);
    start = at;
  }
  docs.push({ text: text.slice(start), line });
  return docs.map((d) => (d.text.startsWith("---") ? { text: `   ${d.text.slice(3)}`, line: d.line } : d));
}

function isBlank(text: string): boolean {
  return /^(\s*(#.*)?(\n|$))*\s*(\.\.\.\s*)?$/.test(text);
}

/** Parses every non-empty document of a text. */
export function parseDocuments(text: string, limits: ParseLimits = DEFAULT_PARSE_LIMITS): YamlDocument[] {
  const parts = splitDocuments(text);
  if (parts.length > limits.maxDocuments) {
    throw new MaterializeError("limit_exceeded", `too many YAML documents: ${parts.length} (limit ${limits.maxDocuments})`, {
      document: limits.maxDocuments,
    });
  }
  const docs: YamlDocument[] = [];
  parts.forEach((part, index) => {
    if (isBlank(part.text)) return;
    docs.push({ index, line: part.line, value: parseDocument(part.text, index, part.line, limits) });
  });
  return docs;
}

/** Parses one document (no `---` splitting); `index`/`line` only label errors. */
export function parseDocument(text: string, index = 0, line = 1, limits: ParseLimits = DEFAULT_PARSE_LIMITS): unknown {
  if (text.length > limits.maxDocumentBytes) {
    throw new MaterializeError(
      "limit_exceeded",
      `document ${index} (line ${line}) is ${text.length} bytes (limit ${limits.maxDocumentBytes})`,
      { document: index, line },
    );
  }
  const fast = readYamlFast(text);
  if (fast !== UNSUPPORTED) return fast;
  let value: unknown;
  try {
    value = jsYaml.load(text, { schema: YAML_SCHEMA });
  } catch (err) {
    const mark = err instanceof jsYaml.YAMLException ? err.mark : undefined;
    const at = line + (mark?.line ?? 0);
    const reason = err instanceof jsYaml.YAMLException ? err.reason : String(err);
    throw new MaterializeError("yaml_syntax", `document ${index}, line ${at}: ${reason}`, { document: index, line: at });
  }
  if (text.includes("*")) guardAliases(value, index, line, limits.maxExpandedNodes);
  return value;
}

/** Counts nodes with aliases expanded, stopping as soon as the budget is spent. */
function guardAliases(value: unknown, index: number, line: number, budget: number): void {
  let left = budget;
  const visit = (v: unknown): void => {
    if (--left < 0) {
      throw new MaterializeError(
        "limit_exceeded",
        `document ${index} (line ${line}) expands to more than ${budget} nodes through aliases`,
        { document: index, line },
      );
    }
    if (typeof v !== "object" || v === null) return;
    if (Array.isArray(v)) for (const item of v) visit(item);
    else for (const key of Object.keys(v)) visit((v as Record<string, unknown>)[key]);
  };
  visit(value);
}
