/**
 * Plain scalars as Kubernetes reads them: kubectl and the API server turn YAML into JSON with
 * sigs.k8s.io/yaml, that is go-yaml v2's YAML 1.1 resolution, then JSON (numbers: int64 or
 * float64). Every rule here was checked against kubectl 1.32 (the differential table in
 * strategic-merge.kubectl.test.ts):
 *
 *     ~ null Null NULL (and nothing)             null
 *     y Y yes Yes YES on On ON true True TRUE    true        (tRUE, yEs: strings)
 *     n N no No NO off Off OFF false False FALSE false
 *     0644 0o644 0O644 -0644 +0644 0_644         420         (a leading 0 is octal; 08 and 09.5 are floats: 8, 9.5)
 *     0x1F 0X1F 0x_1F  0b101 0B101 -0b101        31, 5, -5
 *     1_000 1__0 1_ -_1                          1000, 10, 1, -1 (every `_` is dropped first; `_1` is a string)
 *     1e3 1.5E+3 5. .5 +.5 .5_0 1_0.0_1          1000, 1500, 5, 0.5, 0.5, 0.5, 10.01
 *     -0.0                                       0
 *     .inf -.Inf +.INF .nan .NaN                 ±Infinity, NaN: JSON has no such number, kubectl
 *                                                refuses the document (so do this library's readers)
 *     1e400 .5e400 0x 0b 0o 1:20 1_2:3_4 2024-01-01 0x1p3 Infinity NaN   strings (no sexagesimal,
 *                                                no overflowing floats, timestamps stay text)
 *
 * Integers are int64: beyond ±(2^53 − 1) they are bigints here, so they stay exact (JSON numbers
 * lose them); past int64 (uint64 or more digits) kubectl reads a float64, so a number here.
 *
 * Map keys go through the same resolution, then become JSON keys as sigs.k8s.io/yaml writes them:
 * integers in decimal (`0644:` is "420"), booleans "true"/"false", floats as Go's shortest float32
 * `%g` (`123456789.5:` is "1.2345679e+08", `.inf:` is ".inf"); a null key or one past int64 is an
 * error there ("unsupported map key"), and is here.
 */

const WORDS = new Map<string, boolean | null>([
  ...["y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE"].map((w) => [w, true] as const),
  ...["n", "N", "no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE"].map((w) => [w, false] as const),
  ...["~", "null", "Null", "NULL"].map((w) => [w, null] as const),
]);
const SPECIAL_FLOATS = new Map<string, number>([
  ...[".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"].map((w) => [w, Infinity] as const),
  ...["-.inf", "-.Inf", "-.INF"].map((w) => [w, -Infinity] as const),
  ...[".nan", ".NaN", ".NAN"].map((w) => [w, NaN] as const),
]);

/** go-yaml's float syntax once `_` are gone (digits on at least one side of the point, optional exponent). */
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
/** A float starting with `.` goes to Go's ParseFloat as written: `_` only between digits. */
const POINT_FLOAT = /^\.[0-9]+(?:_[0-9]+)*(?:[eE][-+]?[0-9]+(?:_[0-9]+)*)?$/;
/** Decimal integers that are exact as JavaScript numbers, read without the general parser. */
const SMALL_DECIMAL = /^[-+]?(?:0|[1-9][0-9]{0,14})$/;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;
const MAX_EXACT = BigInt(Number.MAX_SAFE_INTEGER);
const DIGITS: Record<number, RegExp> = { 2: /^[01]+$/, 8: /^[0-7]+$/, 10: /^[0-9]+$/, 16: /^[0-9a-fA-F]+$/ };
const PREFIX: Record<number, string> = { 2: "0b", 8: "0o", 10: "", 16: "0x" };

/**
 * An integer as Go's ParseInt(s, 0, 64) reads it, or else ParseUint(s, 0, 64) (no sign, up to
 * 2^64 − 1): a sign, then `0b`, `0o` or `0x` (any case) before at least one digit, or a leading
 * `0` for octal. Undefined when neither takes it.
 */
function goInteger(s: string): bigint | undefined {
  const sign = s.charCodeAt(0);
  const signed = sign === 0x2b || sign === 0x2d;
  let i = signed ? 1 : 0;
  let base = 10;
  if (s.charCodeAt(i) === 0x30 && s.length - i > 1) {
    const marker = s.charCodeAt(i + 1) | 0x20;
    const prefixed = s.length - i >= 3 && (marker === 0x62 || marker === 0x6f || marker === 0x78);
    base = !prefixed ? 8 : marker === 0x62 ? 2 : marker === 0x6f ? 8 : 16;
    i += prefixed ? 2 : 1;
  }
  const digits = s.slice(i);
  if (!(DIGITS[base] as RegExp).test(digits)) return undefined;
  const magnitude = BigInt(`${PREFIX[base]}${digits}`);
  const value = sign === 0x2d ? -magnitude : magnitude;
  if (value >= INT64_MIN && value <= INT64_MAX) return value;
  return !signed && value <= UINT64_MAX ? value : undefined;
}

/** Marks, for keys only, a float (its JSON key is Go's float32 %g) and an integer past int64 (refused). */
class FloatKey {
  constructor(readonly value: number) {}
}
const UINT64_KEY = Symbol("uint64 key");

function withoutUnderscores(text: string): string {
  return text.includes("_") ? text.replace(/_/g, "") : text;
}

/** A plain scalar starting with a digit or a sign: an integer, a float, or the text. */
function resolveNumeric(text: string, forKey: boolean): unknown {
  if (SMALL_DECIMAL.test(text)) return Number(text) + 0; // + 0: -0 is 0
  const plain = withoutUnderscores(text);
  const int = goInteger(plain);
  if (int !== undefined) {
    // kubectl's JSON reads a uint64 as a float64.
    if (int > INT64_MAX) return forKey ? UINT64_KEY : Number(int);
    return int >= -MAX_EXACT && int <= MAX_EXACT ? Number(int) : int;
  }
  return FLOAT.test(plain) ? finiteFloat(plain, forKey) : text;
}

/** A float as ParseFloat reads it, -0 as JSON carries it to kubectl (0); one that overflows stays text. */
function finiteFloat(text: string, forKey: boolean): unknown {
  const value = Number(withoutUnderscores(text));
  if (!Number.isFinite(value)) return text;
  return forKey ? new FloatKey(value) : value + 0;
}

function resolve(text: string, forKey: boolean): unknown {
  const first = text.charCodeAt(0);
  if (first >= 0x30 && first <= 0x39) return resolveNumeric(text, forKey);
  switch (first) {
    case 0x2b: // +
    case 0x2d: // -
      return SPECIAL_FLOATS.get(text) ?? resolveNumeric(text, forKey);
    case 0x2e: // .
      return SPECIAL_FLOATS.get(text) ?? (POINT_FLOAT.test(text) ? finiteFloat(text, forKey) : text);
    case 0x79: case 0x59: case 0x6e: case 0x4e: case 0x74: case 0x54: case 0x66: case 0x46: case 0x6f: case 0x4f: case 0x7e: { // yYnNtTfFoO~
      const word = text.length > 5 ? undefined : WORDS.get(text); // the longest word is "false"
      return word === undefined ? text : word;
    }
    default:
      return text === "" ? null : text;
  }
}

/**
 * The value kubectl takes a plain scalar for: null, a boolean, a number (a bigint beyond 2^53;
 * NaN and ±Infinity for `.nan` and `.inf`, which callers refuse), or the text itself.
 */
export function resolvePlain(text: string): unknown {
  return resolve(text, false);
}

/** True for the plain scalars kubectl reads as null (`~`, `null`, `Null`, `NULL`, nothing). */
export function isNullPlain(text: string): boolean {
  const first = text.charCodeAt(0);
  return text === "" || ((first === 0x7e || first === 0x6e || first === 0x4e) && WORDS.get(text) === null);
}

/** True when kubectl reads the plain scalar `text` as something other than that string. */
export function isKubernetesNonString(text: string): boolean {
  return typeof resolve(text, false) !== "string";
}

/** The tag go-yaml gives a plain scalar (explicit tags check it: `!!int 0644` is 420, `!!int 1.5` an error). */
export function plainTag(text: string): "null" | "bool" | "int" | "float" | "str" {
  const value = resolve(text, false);
  if (value === null) return "null";
  if (typeof value === "boolean") return "bool";
  if (typeof value === "bigint") return "int";
  if (typeof value !== "number") return "str";
  return SMALL_DECIMAL.test(text) || goInteger(withoutUnderscores(text)) !== undefined ? "int" : "float";
}

/** The JSON key kubectl makes of a plain key, or undefined for one it refuses (see `refusedKeyReason`). */
export function resolveKey(text: string): string | undefined {
  const value = resolve(text, true);
  if (typeof value === "string") return value;
  if (typeof value === "boolean" || typeof value === "bigint") return String(value);
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : goFloatKey(value);
  if (value instanceof FloatKey) return goFloatKey(value.value);
  return undefined;
}

/** Why kubectl refuses the plain key `text` (`resolveKey` gave undefined). */
export function refusedKeyReason(text: string): string {
  return resolve(text, true) === null
    ? `the key ${text} is null to Kubernetes (quote it)`
    : `the key ${text} is an integer beyond int64 to Kubernetes (quote it)`;
}

/** strconv.FormatFloat(value, 'g', -1, 32), with go-yaml's names for the infinities and NaN. */
function goFloatKey(value: number): string {
  const single = Math.fround(value);
  if (Number.isNaN(single)) return ".nan";
  if (single === Infinity) return ".inf";
  if (single === -Infinity) return "-.inf";
  if (single === 0) return Object.is(single, -0) ? "-0" : "0";
  let exponential = single.toExponential(0);
  for (let digits = 1; digits <= 9; digits++) {
    exponential = single.toExponential(digits - 1);
    if (Math.fround(Number(exponential)) === single) break;
  }
  const [mantissa, exp] = exponential.split("e") as [string, string];
  const negative = mantissa.startsWith("-");
  const digits = mantissa.replace(/^-/, "").replace(".", "");
  const e = Number(exp);
  const sign = negative ? "-" : "";
  if (e < -4 || e >= 6) {
    const frac = digits.length > 1 ? `.${digits.slice(1)}` : "";
    const abs = Math.abs(e);
    return `${sign}${digits[0]}${frac}e${e < 0 ? "-" : "+"}${abs < 10 ? `0${abs}` : abs}`;
  }
  if (e < 0) return `${sign}0.${"0".repeat(-e - 1)}${digits}`;
  const whole = digits.length > e + 1 ? digits.slice(0, e + 1) : digits.padEnd(e + 1, "0");
  const frac = digits.length > e + 1 ? `.${digits.slice(e + 1)}` : "";
  return `${sign}${whole}${frac}`;
}
