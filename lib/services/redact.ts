import { createHash } from "node:crypto";
import { parseDocuments, toJson, toYaml } from "@/lib/materialize";

/**
 * Secret values never leave the server unredacted: API answers, diffs and the console show their
 * length and a short hash instead (so a change is still visible).
 */

export function redactedMarker(value: string): string {
  const hash = createHash("sha256").update(value).digest("hex").slice(0, 8);
  return `<redacted len=${value.length} sha256=${hash}>`;
}

const MARKER_DIGEST = /(<redacted len=\d+) sha256=[0-9a-f]{8}>/g;

/**
 * Text meant for sharing (telemetry bundles) with the digest of every marker dropped: 32 bits of
 * an unsalted hash let a short value (a PIN) be found by trying them all. The length stays.
 */
export const withoutMarkerDigests = (text: string) => text.replace(MARKER_DIGEST, "$1>");

const SECRET_FIELDS = ["data", "stringData"] as const;

/** A copy of a Secret-shaped object with every data/stringData value redacted. */
export function redactSecretObject<T>(object: T): T {
  if (typeof object !== "object" || object === null) return object;
  const copy: Record<string, unknown> = { ...(object as Record<string, unknown>) };
  for (const field of SECRET_FIELDS) {
    const values = copy[field];
    if (typeof values !== "object" || values === null || Array.isArray(values)) continue;
    copy[field] = Object.fromEntries(
      Object.entries(values).map(([k, v]) => [k, v === null ? null : redactedMarker(typeof v === "string" ? v : toJson(v))]),
    );
  }
  return copy as T;
}

/**
 * Redacts the config text of a Secret (YAML). Text that does not parse is replaced whole: a
 * broken Secret must not leak either.
 */
export function redactConfigText(kind: string | undefined, text: string): string {
  if (kind !== "Secret") return text;
  try {
    return parseDocuments(text)
      .map((doc) => toYaml(redactSecretObject(doc.value)))
      .join("---\n");
  } catch {
    return redactedMarker(text);
  }
}

/**
 * Telescope exports: a name that looks like it holds a secret (PASSWORD, SECRET, TOKEN, KEY,
 * CREDENTIAL…, any case, anywhere in the name).
 */
const SECRET_WORD = "pass(?:word|wd)|secret|token|key|credential|pwd";
const SECRET_NAME = new RegExp(SECRET_WORD, "i");

export const isSecretName = (name: string) => SECRET_NAME.test(name);

/**
 * A copy of a config or patch object with the `value` of every `{name, value}` pair whose name
 * looks secret redacted: container env entries wherever they are, also inside JSON patch values.
 */
export function redactSecretEnv(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecretEnv);
  if (typeof value !== "object" || value === null) return value;
  const entry = value as Record<string, unknown>;
  const secret = typeof entry.name === "string" && isSecretName(entry.name) && typeof entry.value === "string";
  return Object.fromEntries(Object.entries(entry).map(([k, v]) => [k, secret && k === "value" ? redactedMarker(v as string) : redactSecretEnv(v)]));
}

/**
 * Config or patch text (YAML or JSON, leading comment lines kept) with secret-looking env values
 * redacted; text that does not parse is scrubbed like a log. Unchanged text is returned as is.
 */
export function redactSecretEnvText(text: string): string {
  let docs: unknown[];
  try {
    docs = parseDocuments(text).map((doc) => doc.value);
  } catch {
    return redactSecretPairs(text);
  }
  const redacted = docs.map(redactSecretEnv);
  if (toJson(redacted) === toJson(docs)) return text;
  const comments = text.match(/^(\s*#.*\n)*/)?.[0] ?? "";
  const body = /^\s*[[{]/.test(text.slice(comments.length))
    ? redacted.map((doc) => toJson(doc, 2)).join("\n")
    : redacted.map((doc) => toYaml(doc)).join("---\n");
  return comments + body;
}

const QUOTED = String.raw`"(?:[^"\\\n]|\\.)*"|'[^'\n]*'`;
const WORD = /[\w.-]+/g;
const SEPARATOR = /\s*[=:]\s*/y;
const VALUE = new RegExp(String.raw`${QUOTED}|[^\s,;&"'})\]]+`, "y");

/** The regex at `index` (a sticky one): its match, or undefined. */
function matchAt(regex: RegExp, text: string, index: number): string | undefined {
  regex.lastIndex = index;
  return regex.exec(text)?.[0];
}

/**
 * Log text with the values of `key=value`, `key: value` and `"key": "value"` pairs whose key
 * looks secret redacted (quotes kept around the marker).
 *
 * A tokenizer, linear in the text: each word (`[\w.-]+`, whole) is a key candidate, tried once;
 * after a pair the scan resumes behind its value. No pattern here has nested quantifiers, so a
 * hostile line (`keykeykey…`, 1 MiB) costs what its length costs.
 */
export function redactSecretPairs(text: string): string {
  let out = "";
  let copied = 0;
  WORD.lastIndex = 0;
  for (let word = WORD.exec(text); word !== null; word = WORD.exec(text)) {
    const key = word[0];
    if (!isSecretName(key)) continue;
    const before = text[word.index - 1];
    let end = word.index + key.length;
    if ((before === '"' || before === "'") && text[end] === before) end += 1;
    const separator = matchAt(SEPARATOR, text, end);
    if (separator === undefined) continue;
    const start = end + separator.length;
    const value = matchAt(VALUE, text, start);
    if (value === undefined) continue;
    const quoted = /^["']/.test(value);
    out += text.slice(copied, start) + (quoted ? `${value[0]}${redactedMarker(value.slice(1, -1))}${value[0]}` : redactedMarker(value));
    copied = start + value.length;
    WORD.lastIndex = copied;
  }
  return copied === 0 ? text : out + text.slice(copied);
}
