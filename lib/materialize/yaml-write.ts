/**
 * YAML output in kubectl's shape: keys sorted at every level, lists not indented under their key.
 *
 * A writer built for JSON-like values (maps, lists, strings, numbers, bigints, booleans, null).
 * Its text is what `js-yaml` dumps with `{sortKeys: true, noArrayIndent: true, lineWidth: -1,
 * noRefs: true}` (the format of every config stored so far), at a fraction of the cost: one pass,
 * one output string, no type-detection loop per node. The scalar rules are js-yaml's 4.x dumper:
 *
 * - a string is plain unless its first character is an indicator (`-?:,[]{}#&*!|>'"%@\``) or
 *   white space, its last is white space or `:`, it holds `: ` or ` #`, a control character, or
 *   it would read back as another type (`true`, `~`, `1e3`, `0x1F`, `2024-01-01`, `<<`, and
 *   YAML 1.1's `yes`/`no`/`on`/`off`/`y`/`n` and `1:30`);
 * - such a string is single-quoted (`'` doubled); one with a line break is a literal block
 *   (`|`, `|-`, `|+`, with an indentation digit when it starts with a space) except as a key;
 *   one with a non-printable character is double-quoted with escapes;
 * - `undefined` map values are left out and `undefined` list items written as `null`;
 * - a bigint (an integer beyond 2^53, as the readers keep it) is written in full.
 *
 * Two deliberate differences, where js-yaml's text does not read back:
 *
 * - a string that a YAML 1.1 reader takes for something else is quoted even where js-yaml
 *   leaves it plain: kubectl's (go-yaml v2, yaml11-scalars.ts: `1_000`, `0x_1F`, `.5_0`, `0O17`)
 *   and PyYAML's and SnakeYAML's (`._5`, `0x_`), so every string reads back as itself by YAML
 *   1.1 and 1.2 readers alike;
 * - a document that is one multi-line string of line breaks alone or starting with a space is
 *   double-quoted (js-yaml writes a `|+` or `|2` block its reader refuses or misreads).
 *
 * Values of other types (Date, Buffer, class instances, ...) go to js-yaml as a whole.
 *
 * The writer can also report, for every line it writes, the JSON pointer of the node the line
 * belongs to (see `yamlLines`; line provenance is built on it).
 */
import jsYaml from "js-yaml";
import { asciiTable, typesByFirstChar, typesFor } from "./yaml-types";
import { isKubernetesNonString } from "./yaml11-scalars";

const JS_YAML_OPTIONS: jsYaml.DumpOptions = { sortKeys: true, noArrayIndent: true, lineWidth: -1, noRefs: true };

/** The pointer of a written line and whether the line only opens a nested map or list. */
export interface YamlLine {
  path: string;
  /** True for `key:` and `-` lines whose value continues on the next lines. */
  opens: boolean;
}

export function toYaml(value: unknown): string {
  return write(value, undefined);
}

/** Several objects as one multi-document stream. */
export function toYamlStream(values: readonly unknown[]): string {
  let out = "";
  for (const v of values) out += `---\n${toYaml(v)}`;
  return out;
}

/** The text `toYaml` writes, with the node of each of its lines (`lines[i]` is line i + 1). */
export function yamlLines(value: unknown): { text: string; lines: YamlLine[] } {
  const lines: YamlLine[] = [];
  const text = write(value, lines);
  return { text, lines };
}

class Unsupported extends Error {}

function write(value: unknown, lines: YamlLine[] | undefined): string {
  if (value === undefined) return "";
  const writer = new Writer(lines);
  try {
    lines?.push({ path: "", opens: opensBlock(value) });
    writer.node(value, 0, true, false, "");
  } catch (err) {
    if (!(err instanceof Unsupported)) throw err;
    if (lines !== undefined) throw new TypeError("yamlLines takes JSON-like values only");
    return jsYaml.dump(value, JS_YAML_OPTIONS);
  }
  const text = `${writer.out}\n`;
  // Flattened (a character read makes V8 copy the pieces into one string): as built, the text is
  // a rope of a piece per token, six times its size, kept alive as long as the text is.
  text.charCodeAt(0);
  return text;
}

const INDENTS: string[] = [];
function newline(level: number): string {
  let s = INDENTS[level];
  if (s === undefined) INDENTS[level] = s = `\n${"  ".repeat(level)}`;
  return s;
}

function escapePointer(key: string): string {
  return key.includes("~") || key.includes("/") ? key.replace(/~/g, "~0").replace(/\//g, "~1") : key;
}

class Writer {
  out = "";

  constructor(private readonly lines: YamlLine[] | undefined) {}

  /** A new line starts (its text follows): it shows the node at `path`. */
  private startLine(path: string, opens: boolean): void {
    this.lines?.push({ path, opens });
  }

  /** A node starts on the current line after `- ` (or at the document start): the line shows it. */
  private continueLine(path: string, opens: boolean): void {
    if (this.lines !== undefined) this.lines[this.lines.length - 1] = { path, opens };
  }

  /**
   * Writes a node at `level` (js-yaml's writeNode in block context). `compact`: the node starts
   * on the current line (after `- ` or at the document start); `inSequence`: the node is a list
   * item, so a list in it is not pulled back one level.
   */
  node(value: unknown, level: number, compact: boolean, inSequence: boolean, path: string): void {
    if (typeof value === "string") {
      const text = scalar(value, level, false);
      this.out += text;
      if (this.lines !== undefined) for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) this.startLine(path, false);
    } else if (typeof value === "number") this.out += numberText(value);
    else if (typeof value === "bigint") this.out += value.toString();
    else if (typeof value === "boolean") this.out += value ? "true" : "false";
    else if (value === null) this.out += "null";
    else if (Array.isArray(value)) {
      if (value.length === 0) this.out += "[]";
      else this.sequence(value, !inSequence && level > 0 ? level - 1 : level, compact, path);
    } else if (typeof value === "object" && isPlainObject(value)) {
      const keys = definedKeys(value as Record<string, unknown>);
      if (keys.length === 0) this.out += "{}";
      else this.mapping(value as Record<string, unknown>, keys, level, compact, path);
    } else throw new Unsupported();
  }

  private sequence(list: unknown[], level: number, compact: boolean, path: string): void {
    for (let i = 0; i < list.length; i++) {
      const item = list[i] === undefined ? null : list[i];
      const itemPath = this.lines === undefined ? "" : `${path}/${i}`;
      if (!compact || i > 0) {
        this.out += newline(level);
        this.startLine(itemPath, false);
      } else this.continueLine(itemPath, false);
      this.out += "- ";
      this.node(item, level + 1, true, true, itemPath);
    }
  }

  private mapping(map: Record<string, unknown>, keys: string[], level: number, compact: boolean, path: string): void {
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      const value = map[key];
      const opens = opensBlock(value);
      const keyText = scalar(key, level + 1, true);
      const valuePath = this.lines === undefined ? "" : `${path}/${escapePointer(key)}`;
      if (!compact || i > 0) {
        this.out += newline(level);
        this.startLine(valuePath, opens);
      } else this.continueLine(valuePath, opens);
      if (keyText.length > 1024) {
        // js-yaml writes a key over 1024 characters as an explicit pair: `? key`, then `: value`.
        this.out += `? ${keyText}${newline(level)}: `;
        this.startLine(valuePath, false);
        this.node(value, level + 1, true, false, valuePath);
      } else {
        this.out += opens ? `${keyText}:` : `${keyText}: `;
        this.node(value, level + 1, false, false, valuePath);
      }
    }
  }
}

/** True when a map value starts on the line after its key (a non-empty map or list). */
function opensBlock(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (!isPlainObject(value)) return false;
  for (const key in value) if ((value as Record<string, unknown>)[key] !== undefined) return true;
  return false;
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function definedKeys(map: Record<string, unknown>): string[] {
  const keys = Object.keys(map);
  let defined = keys;
  for (let i = 0; i < keys.length; i++) {
    if (map[keys[i] as string] === undefined) {
      defined = keys.filter((k) => map[k] !== undefined);
      break;
    }
  }
  return sortKeys(defined);
}

/**
 * `keys.sort()` (UTF-16 code unit order), in place. Maps of configs have a few keys, often in
 * order already: an insertion sort handles them without the copies `Array.prototype.sort` makes.
 */
function sortKeys(keys: string[]): string[] {
  if (keys.length > 32) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i] as string;
    let j = i - 1;
    while (j >= 0 && (keys[j] as string) > key) {
      keys[j + 1] = keys[j] as string;
      j--;
    }
    keys[j + 1] = key;
  }
  return keys;
}

function numberText(n: number): string {
  if (Number.isInteger(n) && !Object.is(n, -0)) return n.toString(10);
  if (Number.isNaN(n)) return ".nan";
  if (n === Infinity) return ".inf";
  if (n === -Infinity) return "-.inf";
  if (Object.is(n, -0)) return "-0.0";
  const text = n.toString(10);
  // JavaScript writes 5e-100 where YAML wants 5.e-100.
  return /^[-+]?[0-9]+e/.test(text) ? text.replace("e", ".e") : text;
}

/** YAML 1.1 sexagesimal numbers (`1:30`), which js-yaml quotes for older readers (go-yaml reads them as strings). */
const YAML11_BASE60 = /^[-+]?[0-9_]+(?::[0-9_]+)+(?:\.[0-9_]*)?$/;
/**
 * Numbers to other readers where go-yaml and js-yaml read strings, in the syntax of YAML 1.1's
 * int and float types as PyYAML, SnakeYAML and the `yaml` package take it: `_` in any place
 * (`._5`, `0x_`, `1_0.`), an exponent without digits before it (`e0`, `.e1`), a lone point,
 * and a float too large for a double (`1e400`, also YAML 1.2's core syntax).
 */
const NUMBER_FIRST = asciiTable("+-.0123456789eE");
const OTHER_NUMBER = /^[-+]?(?:(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+|(?:[0-9][0-9_]*)?\.[0-9_]*|0b[01_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*)$/;

/** js-yaml's implicit types of its default schema (by first character): a plain string they resolve must be quoted. */
const IMPLICIT_TYPES = typesByFirstChar({ "~nNtTfF": ["null", "bool"], "+-.0123456789": ["int", "float", "timestamp"], "<": ["merge"] });

/** First characters of every string those types or the YAML 1.1 forms above can match. */
const MAY_RESOLVE = asciiTable("~nNtTfFyYoOeE+-._0123456789<");
/** ASCII characters a plain scalar may not start with: white space and YAML's indicators. */
const NOT_PLAIN_FIRST = asciiTable(" -?:,[]{}#&*!|=>'\"%@`");

/** Would a YAML 1.2 (js-yaml, others) or 1.1 (kubectl's go-yaml, PyYAML) reader take plain `s` for another type? */
function resolvesToOtherType(s: string): boolean {
  const types = typesFor(IMPLICIT_TYPES, s);
  if (types !== undefined) for (const type of types) if (type.resolve(s)) return true;
  return isKubernetesNonString(s) || (NUMBER_FIRST[s.charCodeAt(0)] === 1 && OTHER_NUMBER.test(s));
}

/**
 * The common case, decided in one scan: printable ASCII, a safe first character, no `: ` or
 * ` #`, not ending in a space or `:`. False means "not sure": the full rules decide.
 */
function isSimplePlain(s: string): boolean {
  const first = s.charCodeAt(0);
  if (first >= 0x7f || first < 0x20 || NOT_PLAIN_FIRST[first] === 1) return false;
  const n = s.length;
  for (let i = 1; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x7f || c < 0x20) return false;
    if ((c === COLON || c === SPACE) && (i === n - 1 || s.charCodeAt(i + 1) === (c === COLON ? SPACE : SHARP))) return false;
  }
  return true;
}

const enum Style {
  Plain,
  Single,
  Literal,
  Double,
}

/** The text of a string scalar at `level` (a key, when `isKey`, is never a block scalar). */
function scalar(s: string, level: number, isKey: boolean): string {
  if (s.length === 0) return "''";
  const first = s.charCodeAt(0);
  const mayResolve = first < 0x80 && MAY_RESOLVE[first] === 1;
  if (mayResolve && YAML11_BASE60.test(s)) return `'${s}'`;
  if (isSimplePlain(s)) return mayResolve && resolvesToOtherType(s) ? singleQuoted(s) : s;
  let style = scalarStyle(s, isKey);
  // A document that is one block scalar of line breaks or starting with a space: js-yaml's
  // `|+` / `|2` for it does not read back.
  if (style === Style.Literal && level === 0 && (LEADING_SPACE.test(s) || ONLY_LINE_BREAKS.test(s))) style = Style.Double;
  switch (style) {
    case Style.Plain:
      return s;
    case Style.Single:
      return singleQuoted(s);
    case Style.Literal:
      return `|${blockHeader(s)}${dropEndingNewline(indentLines(s, 2 * Math.max(1, level)))}`;
    case Style.Double:
      return `"${escapeDoubleQuoted(s)}"`;
  }
}

function singleQuoted(s: string): string {
  return s.includes("'") ? `'${s.replace(/'/g, "''")}'` : `'${s}'`;
}

const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const SHARP = 0x23;
const COLON = 0x3a;
const BOM = 0xfeff;

function isPrintable(c: number): boolean {
  return (
    (c >= 0x20 && c <= 0x7e) ||
    (c >= 0xa1 && c <= 0xd7ff && c !== 0x2028 && c !== 0x2029) ||
    (c >= 0xe000 && c <= 0xfffd && c !== BOM) ||
    (c >= 0x10000 && c <= 0x10ffff)
  );
}

function isWhite(c: number): boolean {
  return c === SPACE || c === TAB;
}

/** ns-char or white space: printable, not a line break or a BOM. */
function isCharOrWhite(c: number): boolean {
  return isPrintable(c) && c !== BOM && c !== CR && c !== LF;
}

/** May `c` follow `prev` in a plain scalar (block context)? `: ` and ` #` may not appear. */
function isPlainSafe(c: number, prev: number): boolean {
  const charOrWhite = isCharOrWhite(c);
  const nsChar = charOrWhite && !isWhite(c);
  return (
    (charOrWhite && c !== SHARP && !(prev === COLON && !nsChar)) ||
    (isCharOrWhite(prev) && !isWhite(prev) && c === SHARP) ||
    (prev === COLON && nsChar)
  );
}

function isPlainSafeFirst(c: number): boolean {
  return isPrintable(c) && c !== BOM && !isWhite(c) && !(c < 0x80 && NOT_PLAIN_FIRST[c] === 1);
}

function codePointAt(s: string, i: number): number {
  return s.codePointAt(i) as number;
}

/** js-yaml's chooseScalarStyle for block context, no line width limit, single quotes preferred. */
function scalarStyle(s: string, singleLineOnly: boolean): Style {
  let plain = isPlainSafeFirst(codePointAt(s, 0)) && !isWhite(s.charCodeAt(s.length - 1)) && s.charCodeAt(s.length - 1) !== COLON;
  let hasLineBreak = false;
  let prev = -1;
  for (let i = 0; i < s.length; ) {
    const c = codePointAt(s, i);
    i += c >= 0x10000 ? 2 : 1;
    if (c === LF && !singleLineOnly) hasLineBreak = true;
    else if (!isPrintable(c)) return Style.Double;
    plain &&= isPlainSafe(c, prev);
    prev = c;
  }
  if (!hasLineBreak) return plain && !(MAY_RESOLVE[s.charCodeAt(0)] === 1 && resolvesToOtherType(s)) ? Style.Plain : Style.Single;
  return Style.Literal;
}

const ONLY_LINE_BREAKS = /^\n+$/;
const LEADING_SPACE = /^\n* /;

/** Indentation indicator (when the text starts with a space) and chomping indicator. */
function blockHeader(s: string): string {
  const indicator = LEADING_SPACE.test(s) ? "2" : "";
  const clip = s.endsWith("\n");
  const keep = clip && (s.endsWith("\n\n") || s === "\n");
  return `${indicator}${keep ? "+" : clip ? "" : "-"}\n`;
}

function dropEndingNewline(s: string): string {
  return s.endsWith("\n") ? s.slice(0, -1) : s;
}

/** Indents every line that is not empty. */
function indentLines(s: string, spaces: number): string {
  const pad = " ".repeat(spaces);
  let out = "";
  let at = 0;
  while (at < s.length) {
    const next = s.indexOf("\n", at);
    const end = next === -1 ? s.length : next + 1;
    if (end - at > 1 || next === -1) out += pad;
    out += s.slice(at, end);
    at = end;
  }
  return out;
}

const ESCAPES: Record<number, string> = {
  0x00: "\\0",
  0x07: "\\a",
  0x08: "\\b",
  0x09: "\\t",
  0x0a: "\\n",
  0x0b: "\\v",
  0x0c: "\\f",
  0x0d: "\\r",
  0x1b: "\\e",
  0x22: '\\"',
  0x5c: "\\\\",
  0x85: "\\N",
  0xa0: "\\_",
  0x2028: "\\L",
  0x2029: "\\P",
};

function escapeDoubleQuoted(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; ) {
    const c = codePointAt(s, i);
    const width = c >= 0x10000 ? 2 : 1;
    const escape = ESCAPES[c];
    if (escape === undefined && isPrintable(c)) out += s.slice(i, i + width);
    else out += escape ?? hexEscape(c);
    i += width;
  }
  return out;
}

function hexEscape(c: number): string {
  const hex = c.toString(16).toUpperCase();
  if (c <= 0xff) return `\\x${hex.padStart(2, "0")}`;
  if (c <= 0xffff) return `\\u${hex.padStart(4, "0")}`;
  return `\\U${hex.padStart(8, "0")}`;
}
