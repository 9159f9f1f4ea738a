/**
 * A fast reader for the block YAML that Kubernetes configs are written in, used before js-yaml:
 * it reads what it fully understands and gives up (returns `UNSUPPORTED`) on anything else,
 * so js-yaml reads that document, with its own errors and limits. What it reads, it reads as
 * js-yaml does with this library's schema (YAML 1.2 core: null, bool, int, float):
 *
 * - block mappings (`key: value`, plain or quoted keys, `key:` before a nested block) and block
 *   sequences (`- item`, `- key: value` compact mappings, lists level with their key);
 * - single-line scalars: plain (typed by js-yaml's own resolvers), `'single'` and `"double"`
 *   quoted without escapes, `[]` and `{}`; full-line and trailing ` #` comments.
 *
 * Given up on: tabs, `\r`, flow collections with content, block scalars (`|`, `>`), multi-line
 * scalars, anchors, aliases, tags, directives, `? ` keys, merge keys (`<<`), `__proto__`,
 * duplicate keys, non-printable characters and anything malformed.
 */
import { readJsonFast } from "./json-fast-read";
import { asciiTable, typesByFirstChar, typesFor } from "./yaml-types";

export const UNSUPPORTED: unique symbol = Symbol("unsupported");

/** The core schema's types, by the first character of the plain scalars they can match. */
const CORE_TYPES = typesByFirstChar({ "~nNtTfF": ["null", "bool"], "+-.0123456789": ["int", "float"] });
/** First characters this reader does not take for a plain scalar (indicators, quotes apart). */
const NOT_PLAIN_FIRST = asciiTable("[]{}#&*!|>%@`,?:<");

/** js-yaml refuses these characters (and a BOM is not content): leave such texts to it. */
const NON_PRINTABLE = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFEFF\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/;

class GiveUp extends Error {}
const GIVE_UP = new GiveUp();

/** The value of one YAML document's text (no `---` splitting), or UNSUPPORTED. JSON texts: json-fast-read.ts. */
export function readYamlFast(text: string): unknown {
  if (text.includes("\t") || text.includes("\r") || NON_PRINTABLE.test(text)) return UNSUPPORTED;
  const json = readJsonFast(text);
  if (json !== undefined) return json;
  try {
    return new Reader(text).document();
  } catch (err) {
    if (err === GIVE_UP) return UNSUPPORTED;
    throw err;
  }
}

class Reader {
  /** Content lines only (blank and comment lines dropped): indentation and text after it. */
  private readonly indents: number[] = [];
  private readonly texts: string[] = [];
  private at = 0;

  constructor(text: string) {
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

  document(): unknown {
    if (this.texts.length === 0) throw GIVE_UP;
    const indent = this.indents[0] as number;
    const value = this.block(indent);
    if (this.at !== this.texts.length) throw GIVE_UP;
    return value;
  }

  /** A mapping or sequence whose lines start at `indent` (the current line's). */
  private block(indent: number): unknown {
    const text = this.texts[this.at] as string;
    if (isDash(text)) return this.sequence(indent);
    if (keyEnd(text) !== -1) return this.mapping(indent);
    throw GIVE_UP;
  }

  private sequence(indent: number): unknown[] {
    const list: unknown[] = [];
    while (this.at < this.texts.length && this.indents[this.at] === indent && isDash(this.texts[this.at] as string)) {
      const text = this.texts[this.at] as string;
      let i = 1;
      while (text.charCodeAt(i) === 0x20) i++;
      if (i >= text.length) {
        this.at++;
        list.push(this.nestedOrNull(indent, false));
        continue;
      }
      const rest = text.slice(i);
      if (rest === "-") throw GIVE_UP;
      if (isDash(rest)) throw GIVE_UP;
      if (keyEnd(rest) !== -1) {
        // `- key: value`: a mapping whose column is the one after the dash.
        this.indents[this.at] = indent + i;
        this.texts[this.at] = rest;
        list.push(this.mapping(indent + i));
      } else {
        this.at++;
        list.push(this.inlineValue(rest, indent));
      }
    }
    if (this.at < this.texts.length && (this.indents[this.at] as number) > indent) throw GIVE_UP;
    return list;
  }

  private mapping(indent: number): Record<string, unknown> {
    const map: Record<string, unknown> = {};
    while (this.at < this.texts.length && this.indents[this.at] === indent) {
      const text = this.texts[this.at] as string;
      const end = isDash(text) ? -1 : keyEnd(text);
      if (end === -1) throw GIVE_UP;
      const key = readKey(text.slice(0, end));
      if (Object.hasOwn(map, key)) throw GIVE_UP;
      let i = end + 1;
      while (text.charCodeAt(i) === 0x20) i++;
      this.at++;
      map[key] = i >= text.length || text.charCodeAt(i) === 0x23 ? this.nestedOrNull(indent, true) : this.inlineValue(text.slice(i), indent);
    }
    if (this.at < this.texts.length && (this.indents[this.at] as number) > indent) throw GIVE_UP;
    return map;
  }

  /** The value of `key:` or `-` with nothing after it: a nested block, or null. */
  private nestedOrNull(indent: number, inMapping: boolean): unknown {
    if (this.at >= this.texts.length) return null;
    const next = this.indents[this.at] as number;
    if (next > indent) return this.block(next);
    if (inMapping && next === indent && isDash(this.texts[this.at] as string)) return this.sequence(indent);
    return null;
  }

  /** A scalar after `key: ` or `- `; the next line may not continue it. */
  private inlineValue(text: string, indent: number): unknown {
    if (this.at < this.texts.length && (this.indents[this.at] as number) > indent) throw GIVE_UP;
    return readScalar(text);
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

function readKey(raw: string): string {
  let end = raw.length;
  while (raw.charCodeAt(end - 1) === 0x20) end--;
  const text = raw.slice(0, end);
  const value = readScalar(text);
  if (text.includes(" #") || value === "<<" || value === "__proto__") throw GIVE_UP;
  return String(value);
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

/** One single-line scalar, trailing comment allowed; gives up on anything else. */
function readScalar(text: string): unknown {
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
  const types = typesFor(CORE_TYPES, plain);
  if (types !== undefined) for (const type of types) if (type.resolve(plain)) return type.construct(plain);
  return plain;
}

function isCommentOrEnd(text: string, i: number): boolean {
  while (text.charCodeAt(i) === 0x20) i++;
  return i >= text.length || (text.charCodeAt(i) === 0x23 && text.charCodeAt(i - 1) === 0x20);
}
