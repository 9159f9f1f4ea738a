/**
 * A fast reader for the block YAML that Kubernetes configs are written in, used before js-yaml:
 * it reads what it fully understands and gives up (returns `UNSUPPORTED`) on anything else,
 * so js-yaml reads that document, with its own errors and limits (yaml-slow-read.ts). What it
 * reads, it reads as that path does, by the same rules: Kubernetes' (YAML 1.1 scalars as
 * kubectl reads them, string fields keeping their text: yaml11-scalars.ts,
 * yaml-string-fields.ts; the kind is the document's top-level `kind`, else the caller's hint),
 * or YAML 1.2's core schema (null, bool, int, float, typed by js-yaml's own resolvers):
 *
 * - block mappings (`key: value`, plain or quoted keys, `key:` before a nested block) and block
 *   sequences (`- item`, `- key: value` compact mappings, lists level with their key);
 * - single-line scalars: plain (typed by those rules), `'single'` and `"double"` quoted without
 *   escapes, `[]` and `{}`; full-line and trailing ` #` comments.
 *
 * Given up on: tabs, `\r`, flow collections with content, block scalars (`|`, `>`), multi-line
 * scalars, anchors, aliases, tags, directives, `? ` keys, merge keys (`<<`), `__proto__`,
 * duplicate keys, non-printable characters and anything malformed; with Kubernetes' rules also
 * on what kubectl refuses (`.inf`, `.nan`, a null key, a key past int64) and on keys that
 * become one key as kubectl reads them.
 */
import { readJsonFast } from "./json-fast-read";
import { childRule, documentRule, type FieldRule, keepsKeys } from "./yaml-string-fields";
import { asciiTable, typesByFirstChar, typesFor } from "./yaml-types";
import { isNullPlain, resolveKey, resolvePlain } from "./yaml11-scalars";

export const UNSUPPORTED: unique symbol = Symbol("unsupported");

/** How plain scalars are typed: Kubernetes' rules (`kindHint`: the kind when the document names none), or YAML 1.2's core schema. */
export type ScalarRules = { schema: "kubernetes"; kindHint?: string } | { schema: "core" };

/** The core schema's types, by the first character of the plain scalars they can match. */
const CORE_TYPES = typesByFirstChar({ "~nNtTfF": ["null", "bool"], "+-.0123456789": ["int", "float"] });
/** First characters this reader does not take for a plain scalar (indicators, quotes apart). */
const NOT_PLAIN_FIRST = asciiTable("[]{}#&*!|>%@`,?:<");

/** js-yaml refuses these characters (and a BOM is not content): leave such texts to it. */
const NON_PRINTABLE = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFEFF\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/;

class GiveUp extends Error {}
const GIVE_UP = new GiveUp();

/** The value of one YAML document's text (no `---` splitting), or UNSUPPORTED. JSON texts: json-fast-read.ts. */
export function readYamlFast(text: string, rules: ScalarRules): unknown {
  if (text.includes("\t") || text.includes("\r") || NON_PRINTABLE.test(text)) return UNSUPPORTED;
  const json = readJsonFast(text);
  if (json !== undefined) {
    // JSON's true, false and numbers are plain scalars to YAML: in a string field they are text, which JSON.parse did not keep.
    return rules.schema === "kubernetes" && typedInStringField(json, documentRule(jsonKind(json) ?? rules.kindHint)) ? UNSUPPORTED : json;
  }
  try {
    return new Reader(text, rules.schema === "kubernetes").document(rules.schema === "kubernetes" ? rules.kindHint : undefined);
  } catch (err) {
    if (err === GIVE_UP) return UNSUPPORTED;
    throw err;
  }
}

function jsonKind(value: unknown): string | undefined {
  const kind = typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>).kind : undefined;
  return typeof kind === "string" ? kind : undefined;
}

/** True when a number or boolean sits in a string field (only the paths with rules are visited). */
function typedInStringField(value: unknown, rule: FieldRule | undefined): boolean {
  if (rule === undefined || value === null) return false;
  if (typeof value !== "object") return rule.text && typeof value !== "string";
  if (Array.isArray(value)) return rule.items !== undefined && value.some((item) => typedInStringField(item, rule.items));
  for (const key of Object.keys(value)) if (typedInStringField((value as Record<string, unknown>)[key], childRule(rule, key))) return true;
  return false;
}

class Reader {
  /** Content lines only (blank and comment lines dropped): indentation and text after it. */
  private readonly indents: number[] = [];
  private readonly texts: string[] = [];
  private at = 0;

  constructor(
    text: string,
    /** Kubernetes' rules, else YAML 1.2 core. */
    private readonly kubernetes: boolean,
  ) {
    let start = 0;
    while (start <= text.length) {
      let end = text.indexOf("\n", start);
      if (end === -1) end = text.length;
      let i = start;
      while (i < end && text.charCodeAt(i) === 0x20) i++;
      if (i < end && text.charCodeAt(i) !== 0x23) {
        // `---` / `...` at the start of a line are document markers to js-yaml (`... a: 1` is an error).
        if (i === start && (text.startsWith("---", i) || text.startsWith("...", i))) throw GIVE_UP;
        let e = end;
        while (text.charCodeAt(e - 1) === 0x20) e--;
        this.indents.push(i - start);
        this.texts.push(text.slice(i, e));
      }
      start = end + 1;
    }
  }

  document(kindHint: string | undefined): unknown {
    if (this.texts.length === 0) throw GIVE_UP;
    const indent = this.indents[0] as number;
    const rule = this.kubernetes ? documentRule(this.topLevelKind(indent) ?? kindHint) : undefined;
    const value = this.block(indent, rule);
    if (this.at !== this.texts.length) throw GIVE_UP;
    return value;
  }

  /**
   * The text of the top-level `kind` (a string field), read before the document: keys are not
   * in any order (`data` comes before `kind` in sorted keys). Every line at the document's
   * indentation is a top-level key, as this reader takes only single-line scalars.
   */
  private topLevelKind(indent: number): string | undefined {
    for (let i = 0; i < this.texts.length; i++) {
      const text = this.texts[i] as string;
      if (this.indents[i] !== indent || !(text.startsWith("kind") || text.startsWith('"kind"') || text.startsWith("'kind'"))) continue;
      const end = keyEnd(text);
      if (end === -1 || readKey(text.slice(0, end), false, undefined) !== "kind") continue;
      let at = end + 1;
      while (text.charCodeAt(at) === 0x20) at++;
      if (at >= text.length || text.charCodeAt(at) === 0x23) return undefined;
      const kind = scalarText(text.slice(at));
      return typeof kind === "string" ? kind : undefined;
    }
    return undefined;
  }

  /** A mapping or sequence whose lines start at `indent` (the current line's). */
  private block(indent: number, rule: FieldRule | undefined): unknown {
    const text = this.texts[this.at] as string;
    if (isDash(text)) return this.sequence(indent, rule?.items);
    if (keyEnd(text) !== -1) return this.mapping(indent, rule);
    throw GIVE_UP;
  }

  /** A sequence whose items have the rule `rule`. */
  private sequence(indent: number, rule: FieldRule | undefined): unknown[] {
    const list: unknown[] = [];
    while (this.at < this.texts.length && this.indents[this.at] === indent && isDash(this.texts[this.at] as string)) {
      const text = this.texts[this.at] as string;
      let i = 1;
      while (text.charCodeAt(i) === 0x20) i++;
      if (i >= text.length) {
        this.at++;
        list.push(this.nestedOrNull(indent, false, rule));
        continue;
      }
      const rest = text.slice(i);
      if (rest === "-") throw GIVE_UP;
      if (isDash(rest)) throw GIVE_UP;
      if (keyEnd(rest) !== -1) {
        // `- key: value`: a mapping whose column is the one after the dash.
        this.indents[this.at] = indent + i;
        this.texts[this.at] = rest;
        list.push(this.mapping(indent + i, rule));
      } else {
        this.at++;
        list.push(this.inlineValue(rest, indent, rule));
      }
    }
    if (this.at < this.texts.length && (this.indents[this.at] as number) > indent) throw GIVE_UP;
    return list;
  }

  private mapping(indent: number, rule: FieldRule | undefined): Record<string, unknown> {
    const map: Record<string, unknown> = {};
    while (this.at < this.texts.length && this.indents[this.at] === indent) {
      const text = this.texts[this.at] as string;
      const end = isDash(text) ? -1 : keyEnd(text);
      if (end === -1) throw GIVE_UP;
      const key = readKey(text.slice(0, end), this.kubernetes, rule);
      if (Object.hasOwn(map, key)) throw GIVE_UP;
      const valueRule = childRule(rule, key);
      let i = end + 1;
      while (text.charCodeAt(i) === 0x20) i++;
      this.at++;
      map[key] =
        i >= text.length || text.charCodeAt(i) === 0x23 ? this.nestedOrNull(indent, true, valueRule) : this.inlineValue(text.slice(i), indent, valueRule);
    }
    if (this.at < this.texts.length && (this.indents[this.at] as number) > indent) throw GIVE_UP;
    return map;
  }

  /** The value of `key:` or `-` with nothing after it: a nested block, or null. */
  private nestedOrNull(indent: number, inMapping: boolean, rule: FieldRule | undefined): unknown {
    if (this.at >= this.texts.length) return null;
    const next = this.indents[this.at] as number;
    if (next > indent) return this.block(next, rule);
    if (inMapping && next === indent && isDash(this.texts[this.at] as string)) return this.sequence(indent, rule?.items);
    return null;
  }

  /** A scalar after `key: ` or `- `; the next line may not continue it. */
  private inlineValue(text: string, indent: number, rule: FieldRule | undefined): unknown {
    if (this.at < this.texts.length && (this.indents[this.at] as number) > indent) throw GIVE_UP;
    return readScalar(text, this.kubernetes, rule);
  }
}


function isDash(text: string): boolean {
  return text.charCodeAt(0) === 0x2d && (text.length === 1 || text.charCodeAt(1) === 0x20);
}

/** Index of the `:` that ends a line's key (followed by a space or the line end), or -1. */
function keyEnd(text: string): number {
  const first = text.charCodeAt(0);
  if (first === 0x27 || first === 0x22) {
    const close = closingQuote(text, first);
    if (close === -1) return -1;
    let i = close + 1;
    while (text.charCodeAt(i) === 0x20) i++;
    return text.charCodeAt(i) === 0x3a && (i + 1 === text.length || text.charCodeAt(i + 1) === 0x20) ? i : -1;
  }
  const i = text.indexOf(": ");
  if (i !== -1) return i;
  return text.endsWith(":") ? text.length - 1 : -1;
}

/**
 * The key of a map whose rule is `rule`. Kubernetes' rules: a quoted key, or a plain one in a
 * map of user keys, is its text; another plain key is what kubectl makes of it (`0644` is
 * "420", `yes` "true"; one it refuses is left to js-yaml's path, which says why). Core schema:
 * js-yaml's string of the value.
 */
function readKey(raw: string, kubernetes: boolean, rule: FieldRule | undefined): string {
  let end = raw.length;
  while (raw.charCodeAt(end - 1) === 0x20) end--;
  const text = raw.slice(0, end);
  if (text.includes(" #")) throw GIVE_UP;
  const value = scalarText(text);
  let key: unknown;
  if (typeof value !== "string") key = kubernetes ? undefined : String(value);
  else if (!isPlainText(text)) key = value;
  else if (kubernetes) key = keepsKeys(rule) ? value : resolveKey(value);
  else key = String(corePlain(value));
  if (typeof key !== "string" || key === "<<" || key === "__proto__") throw GIVE_UP;
  return key;
}

/** Index of the quote that closes a quoted scalar opening at 0 (`''` is an escaped quote), or -1. */
function closingQuote(text: string, quote: number): number {
  for (let i = 1; i < text.length; i++) {
    if (text.charCodeAt(i) !== quote) continue;
    if (quote === 0x27 && text.charCodeAt(i + 1) === 0x27) i++;
    else return i;
  }
  return -1;
}

/** One single-line scalar, trailing comment allowed; gives up on anything else. A plain one is typed (see below). */
function readScalar(text: string, kubernetes: boolean, rule: FieldRule | undefined): unknown {
  const value = scalarText(text);
  if (typeof value !== "string" || !isPlainText(text)) return value;
  return kubernetes ? kubernetesPlain(value, rule) : corePlain(value);
}

/** Is the scalar `scalarText` read from `text` a plain one (not quoted, not `[]` or `{}`)? */
function isPlainText(text: string): boolean {
  const first = text.charCodeAt(0);
  return first !== 0x27 && first !== 0x22 && first !== 0x5b && first !== 0x7b;
}

/** The text of a single-line scalar (a quoted one's content, a plain one's text without its comment), or `[]` / `{}`. */
function scalarText(text: string): string | unknown[] | Record<string, unknown> {
  if (text.length === 0) throw GIVE_UP;
  const first = text.charCodeAt(0);
  if (first === 0x27 || first === 0x22) {
    const close = closingQuote(text, first);
    if (close === -1 || !isCommentOrEnd(text, close + 1)) throw GIVE_UP;
    const inner = text.slice(1, close);
    if (first === 0x22) {
      if (inner.includes("\\")) throw GIVE_UP;
      return inner;
    }
    return inner.includes("''") ? inner.replace(/''/g, "'") : inner;
  }
  if (first === 0x5b || first === 0x7b) {
    if (text.charCodeAt(1) === first + 2 && isCommentOrEnd(text, 2)) return first === 0x5b ? [] : {};
    throw GIVE_UP;
  }
  if (first < 0x80 && NOT_PLAIN_FIRST[first] === 1) throw GIVE_UP;
  if (first === 0x2d && (text.length === 1 || text.charCodeAt(1) === 0x20)) throw GIVE_UP;
  let plain = text;
  const comment = text.indexOf(" #");
  if (comment !== -1) {
    let end = comment;
    while (text.charCodeAt(end - 1) === 0x20) end--;
    plain = text.slice(0, end);
  }
  if (plain.includes(": ") || plain.endsWith(":")) throw GIVE_UP;
  return plain;
}

/** A plain scalar by Kubernetes' rules: its text in a string field (null forms stay null), else as kubectl reads it. */
function kubernetesPlain(plain: string, rule: FieldRule | undefined): unknown {
  if (rule !== undefined && rule.text) return isNullPlain(plain) ? null : plain;
  const value = resolvePlain(plain);
  // .inf and .nan: kubectl refuses them, and js-yaml's path says where.
  if (typeof value === "number" && !Number.isFinite(value)) throw GIVE_UP;
  return value;
}

/** A plain scalar by the core schema, typed by js-yaml's own resolvers. */
function corePlain(plain: string): unknown {
  const types = typesFor(CORE_TYPES, plain);
  if (types !== undefined) for (const type of types) if (type.resolve(plain)) return type.construct(plain);
  return plain;
}

function isCommentOrEnd(text: string, i: number): boolean {
  while (text.charCodeAt(i) === 0x20) i++;
  return i >= text.length || (text.charCodeAt(i) === 0x23 && text.charCodeAt(i - 1) === 0x20);
}
