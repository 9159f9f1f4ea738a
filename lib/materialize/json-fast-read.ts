/**
 * A JSON text (the JSON-patch envelope is one) read by JSON.parse when js-yaml would read the
 * same value from it, by either of the readers' rules (Kubernetes' and YAML 1.2 core agree on
 * JSON's strings, plain decimals, true, false and null). YAML takes JSON, but js-yaml refuses
 * duplicate keys (JSON.parse keeps the last), reads the integer `-0` as 0 (Kubernetes `-0.0`
 * too) and overflowing exponents as strings, wants a key and its colon on one line, and has its
 * own nesting and key length limits: a text with duplicate keys, a negative zero, a number
 * other than a plain decimal of up to 15 digits each side of the point, a line break before a
 * colon, more than 128 levels or a key over 1,024 characters goes to js-yaml, as does anything
 * JSON.parse refuses and any text not starting with `{` or `[`.
 * The caller has already left texts with tabs, carriage returns or non-printable characters to it.
 */
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const SPACE = 0x20;
const LF = 0x0a;

const MAX_DEPTH = 128;
const MAX_KEY_LENGTH = 1024;
const PLAIN_NUMBER = /^-?(?:0|[1-9][0-9]{0,14})(?:\.[0-9]{1,15})?$/;
const NEGATIVE_ZERO = /^-0(?:\.0+)?$/;

/** The value of a JSON text, or undefined when it is left to js-yaml (see above). */
export function readJsonFast(text: string): unknown {
  let start = 0;
  while (text.charCodeAt(start) === SPACE || text.charCodeAt(start) === LF) start++;
  const first = text.charCodeAt(start);
  if (first !== 0x7b && first !== 0x5b) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const keys = keyTokens(text, start);
  return keys !== -1 && keys === keyCount(value) ? value : undefined;
}

/** The keys written in a valid JSON text (duplicates included), or -1 for a token js-yaml reads otherwise. */
function keyTokens(text: string, from: number): number {
  let keys = 0;
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const open = i;
      for (i++; text.charCodeAt(i) !== QUOTE; i++) if (text.charCodeAt(i) === BACKSLASH) i++;
      let next = i + 1;
      let lineBreak = false;
      for (; text.charCodeAt(next) === SPACE || text.charCodeAt(next) === LF; next++) lineBreak ||= text.charCodeAt(next) === LF;
      if (text.charCodeAt(next) === COLON) {
        if (lineBreak || i - open - 1 > MAX_KEY_LENGTH) return -1;
        keys++;
      }
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > MAX_DEPTH) return -1;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      let end = i + 1;
      while (isNumberChar(text.charCodeAt(end))) end++;
      const number = text.slice(i, end);
      if (NEGATIVE_ZERO.test(number) || !PLAIN_NUMBER.test(number)) return -1;
      i = end - 1;
    }
  }
  return keys;
}

/** Digits, sign, point, exponent: what a JSON number token is made of. */
function isNumberChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x2d || c === 0x2b || c === 0x65 || c === 0x45;
}

function keyCount(value: unknown): number {
  if (typeof value !== "object" || value === null) return 0;
  let n = 0;
  if (Array.isArray(value)) {
    for (const item of value) n += keyCount(item);
  } else {
    for (const key of Object.keys(value)) n += 1 + keyCount((value as Record<string, unknown>)[key]);
  }
  return n;
}
