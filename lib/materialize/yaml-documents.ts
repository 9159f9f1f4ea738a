/**
 * Multi-document YAML (`---`) parsing with limits: bytes per document, document count, and alias
 * expansion (js-yaml expands aliases unguarded, so a "billion laughs" text is refused here).
 * Each document goes first to the fast block-YAML reader (yaml-fast-read.ts), then, when that
 * gives up, to js-yaml (yaml-slow-read.ts); both give the same value for what the fast reader
 * accepts. Errors name the 0-based document index and the 1-based line in the whole text.
 *
 * Manifests and patches are read as Kubernetes reads them (README, "YAML rules"): YAML 1.1
 * scalars as kubectl types them (`0644` is 420, `yes` true, `1_000` 1000; yaml11-scalars.ts),
 * except in the string fields of the document's kind, which keep their text (`DEBUG: n` in a
 * ConfigMap's data is "n"; yaml-string-fields.ts). The kind is the document's own top-level
 * `kind`; a document without one (a patch body) takes `kindHint` when the caller knows the
 * kind of the object it is for, else the rules of every kind together. Integers beyond 2^53
 * are bigints (exact to int64, as Kubernetes keeps them).
 */
import jsYaml from "js-yaml";
import { MaterializeError } from "./errors";
import { readYamlFast, UNSUPPORTED } from "./yaml-fast-read";
import { ExpansionBudgetError, KubernetesValueError, readCoreYaml, readKubernetesYaml } from "./yaml-slow-read";

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

export interface ReadOptions {
  /**
   * The kind of the object the text is for (a patch's target), for documents that name no
   * `kind` of their own: the string fields of that kind keep their text. Without it such a
   * document gets the string fields of every kind the table knows.
   */
  kindHint?: string;
}

export interface YamlDocument {
  /** 0-based index among the documents of the text, empty ones included. */
  index: number;
  /** 1-based line where the document's content starts. */
  line: number;
  value: unknown;
}

/**
 * One document in YAML 1.2's core schema, unguarded (errors are js-yaml's): the YAML an
 * application reads from a ConfigMap value (hot-configs.ts), which is not Kubernetes' to type.
 */
export function loadYaml(text: string): unknown {
  const fast = readYamlFast(text, CORE);
  return fast !== UNSUPPORTED ? fast : readCoreYaml(text);
}

const CORE = { schema: "core" } as const;

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

/** Parses every non-empty document of a manifest or patch text, as Kubernetes reads it (see above). */
export function parseDocuments(text: string, limits: ParseLimits = DEFAULT_PARSE_LIMITS, options: ReadOptions = {}): YamlDocument[] {
  const parts = splitDocuments(text);
  if (parts.length > limits.maxDocuments) {
    throw new MaterializeError("limit_exceeded", `too many YAML documents: ${parts.length} (limit ${limits.maxDocuments})`, {
      document: limits.maxDocuments,
    });
  }
  const docs: YamlDocument[] = [];
  parts.forEach((part, index) => {
    if (isBlank(part.text)) return;
    docs.push({ index, line: part.line, value: parseDocument(part.text, index, part.line, limits, options) });
  });
  return docs;
}

/** Parses one document (no `---` splitting), as Kubernetes reads it; `index`/`line` only label errors. */
export function parseDocument(
  text: string,
  index = 0,
  line = 1,
  limits: ParseLimits = DEFAULT_PARSE_LIMITS,
  options: ReadOptions = {},
): unknown {
  if (text.length > limits.maxDocumentBytes) {
    throw new MaterializeError(
      "limit_exceeded",
      `document ${index} (line ${line}) is ${text.length} bytes (limit ${limits.maxDocumentBytes})`,
      { document: index, line },
    );
  }
  const rules = { schema: "kubernetes", kindHint: options.kindHint } as const;
  const fast = readYamlFast(text, rules);
  if (fast !== UNSUPPORTED) return fast;
  try {
    return readKubernetesYaml(text, options.kindHint, { maxNodes: limits.maxExpandedNodes, maxBytes: limits.maxDocumentBytes });
  } catch (err) {
    if (err instanceof ExpansionBudgetError) {
      const budget = err.over === "nodes" ? `${limits.maxExpandedNodes} nodes` : `${limits.maxDocumentBytes} bytes (the document limit)`;
      throw new MaterializeError(
        "limit_exceeded",
        `document ${index} (line ${line}) expands to more than ${budget} through aliases`,
        { document: index, line },
      );
    }
    if (err instanceof KubernetesValueError) {
      throw new MaterializeError("yaml_syntax", `document ${index} (line ${line}), at ${err.where}: ${err.reason}`, { document: index, line });
    }
    const mark = err instanceof jsYaml.YAMLException ? err.mark : undefined;
    const at = line + (mark?.line ?? 0);
    const reason = err instanceof jsYaml.YAMLException ? err.reason : String(err);
    throw new MaterializeError("yaml_syntax", `document ${index}, line ${at}: ${reason}`, { document: index, line: at });
  }
}
