import fc from "fast-check";
import jsYaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { loadYaml, parseDocument } from "./yaml-documents";
import { toYaml, toYamlStream, yamlLines } from "./yaml-write";
import { isKubernetesNonString } from "./yaml11-scalars";

const JS_YAML = { sortKeys: true, noArrayIndent: true, lineWidth: -1, noRefs: true };

/** Strings that sit on the edges of YAML's plain-scalar and type-resolution rules. */
const TRICKY = [
  "", " ", "  lead", "trail ", "a: b", "a:b", "a:", ":a", "a #b", "a#b", "#a", "- a", "-a", "-", "?", "? a", "[a]", "{a}", "a, b",
  "'", "''", "it's", '"', 'say "hi"', "\\", "\\n", "a\nb", "a\n", "a\n\n", "\n", "\n\n", "\na", " a\nb", "a\n b", "line1\r\nline2", "tab\there", "\t",
  "yes", "no", "Yes", "NO", "on", "off", "y", "n", "Y", "N", "true", "False", "TRUE", "null", "Null", "NULL", "~", "<<",
  "0", "-0", "+1", "1.5", ".5", "1e3", "1E3", "5e-100", "0x1F", "0o17", "0b101", "1_000", "1:30", "-1:30:00.5", ".inf", "-.Inf", ".nan", "NaN", "Infinity",
  "2024-01-01", "2024-1-1 10:00:00", "2001-12-14t21:59:43.10-05:00", "1.2.3", "v1", "8080", "08", "0.0.0.0/0", "http://x.y/z?a=b#c",
  "é", "日本語", "emoji 😀", "\u00a0", "\u0085", "\u2028", "\ufeff", "\ud800", "\u0000", "\u0007", "\u001b", "\u007f", "a\u0085b",
  "&anchor", "*alias", "!tag", "|", ">", "%", "@", "`", "=", ",", "a ", " ",
  // YAML 1.1 as kubectl (go-yaml v2), PyYAML and SnakeYAML read it; js-yaml leaves some of these plain.
  "0644", "0o644", "0O17", "010", "09.5", "0X1F", "+0x1F", "0x_1F", "0x_", "0b_", "0B101", "1__0", "1_", "-_1", "_1", "1_000.5", ".5_0", "._5",
  "1:20", "190:20:30", "5.", "-0.0", "1e400", "1e-400", "+.inf", ".Inf", ".NaN", "on", "On", "ON", "OFF", "yEs", "~", "9223372036854775807", "18446744073709551615",
];

const stringArb = fc.oneof(
  fc.constantFrom(...TRICKY),
  fc.string(),
  fc.string({ unit: "grapheme" }),
  fc.string({ unit: fc.constantFrom(..."ab :#-'\"\n\t ~yYnN01.eE+_") }),
);
const scalarArb = fc.oneof(
  stringArb,
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -0, 1e21, 5e-100, 1.5e300, Number.MAX_SAFE_INTEGER),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).filter((n) => n < -BigInt(Number.MAX_SAFE_INTEGER) || n > BigInt(Number.MAX_SAFE_INTEGER)),
  fc.boolean(),
  fc.constant(null),
);
const { value: valueArb } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small", withCrossShrink: true }, scalarArb, tie("list"), tie("map")),
  list: fc.array(tie("value"), { maxLength: 5 }),
  map: fc.dictionary(stringArb, tie("value"), { maxKeys: 5 }),
}));

/** A string the writer quotes where js-yaml leaves it plain: one a YAML 1.1 reader takes for another type. */
function quotedBeyondJsYaml(s: string): boolean {
  return toYaml([s]) !== jsYaml.dump([s], JS_YAML);
}

/**
 * Where the writer departs from js-yaml (see yaml-write.ts): such a string anywhere (key or
 * value), a document of one block scalar js-yaml cannot read, a bigint (js-yaml cannot dump it).
 */
function departsFromJsYaml(value: unknown): boolean {
  if (typeof value === "string" && value.includes("\n") && /^(\n* |\n+$)/.test(value)) return true;
  const departs = (v: unknown): boolean => {
    if (typeof v === "string") return quotedBeyondJsYaml(v);
    if (typeof v === "bigint") return true;
    if (Array.isArray(v)) return v.some(departs);
    if (typeof v === "object" && v !== null) return Object.entries(v).some(([k, x]) => quotedBeyondJsYaml(k) || departs(x));
    return false;
  };
  return departs(value);
}

function hasNonFinite(value: unknown): boolean {
  if (typeof value === "number") return !Number.isFinite(value);
  if (typeof value === "object" && value !== null) return Object.values(value).some(hasNonFinite);
  return false;
}

/** What a YAML reader gives back: -0 may read as 0 (YAML ints have no sign of zero); a bigint and a number of one value are one. */
function normalized(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? Number(v) : v))) as unknown;
}

describe("toYaml", () => {
  it("reads back as the value it wrote (random values, tricky strings and keys)", () => {
    fc.assert(
      fc.property(valueArb, (value) => {
        // Kubernetes refuses .inf and .nan (JSON has no such numbers): the reader does too, below.
        fc.pre(!hasNonFinite(value));
        expect(normalized(parseDocument(toYaml(value)))).toEqual(normalized(value));
        expect(normalized(loadYaml(toYaml(value)))).toEqual(normalized(value));
      }),
      { numRuns: 5000 },
    );
  });

  it("writes every string so that YAML 1.1 and 1.2 readers read it back as that string", () => {
    // The yaml package reads a line of spaces in a block scalar as an empty line: single-line strings only there.
    const readers: [string, (text: string) => unknown, (s: string) => boolean][] = [
      ["Kubernetes' rules (yaml11-scalars.ts)", (text) => parseDocument(text), () => true],
      ["js-yaml, YAML 1.2 core", (text) => loadYaml(text), () => true],
      ["js-yaml's default schema", (text) => jsYaml.load(text), () => true],
      ["yaml, YAML 1.1", (text) => parseYaml(text, { version: "1.1" }), (s) => !s.includes("\n")],
      ["yaml, YAML 1.2", (text) => parseYaml(text, { version: "1.2" }), (s) => !s.includes("\n")],
    ];
    fc.assert(
      fc.property(stringArb, (s) => {
        const text = toYaml({ [s]: [s] });
        for (const [name, read, takes] of readers) if (takes(s)) expect(read(text), `${name}: ${text}`).toEqual({ [s]: [s] });
      }),
      { numRuns: 5000 },
    );
  });

  it("quotes beyond js-yaml only the strings a YAML 1.1 reader takes for another type, with single quotes", () => {
    fc.assert(
      fc.property(stringArb, (s) => {
        fc.pre(quotedBeyondJsYaml(s));
        expect(toYaml([s])).toBe(`- '${s}'\n`);
        expect(jsYaml.dump([s], JS_YAML)).toBe(`- ${s}\n`);
        expect(isKubernetesNonString(s) || parseYaml(s, { version: "1.1" }) !== s || parseYaml(s) !== s).toBe(true);
      }),
      { numRuns: 5000 },
    );
    expect(TRICKY.filter(quotedBeyondJsYaml)).toEqual(["1_000", "0O17", "0X1F", "0x_1F", "0x_", "0b_", "0B101", "1__0", "1_", "1_000.5", ".5_0", "._5", "1e400"]);
  });

  it("writes the same text as js-yaml's dumper", () => {
    fc.assert(
      fc.property(valueArb, (value) => {
        fc.pre(!departsFromJsYaml(value));
        expect(toYaml(value)).toBe(jsYaml.dump(value, JS_YAML));
      }),
      { numRuns: 5000 },
    );
  });

  it.each(TRICKY.map((s) => [JSON.stringify(s), s]))("string %s as key, value, list item and nested value", (_name, s) => {
    const value = { [s]: s, list: [s, [s], { [s]: [s] }], nested: { deeper: { [s]: s } } };
    if (quotedBeyondJsYaml(s)) expect(toYaml(value)).toBe(jsYaml.dump(value, JS_YAML).replaceAll(s, `'${s}'`));
    else expect(toYaml(value)).toBe(jsYaml.dump(value, JS_YAML));
    expect(parseDocument(toYaml(value))).toEqual(value);
    expect(loadYaml(toYaml(value))).toEqual(value);
  });

  it.each([
    { description: "keys sorted, lists not indented", value: { b: [1, 2], a: { d: "x", c: null } }, expected: "a:\n  c: null\n  d: x\nb:\n- 1\n- 2\n" },
    { description: "empty map and list", value: { m: {}, l: [] }, expected: "l: []\nm: {}\n" },
    { description: "undefined map values left out, list items as null", value: { a: undefined, b: [undefined] }, expected: "b:\n- null\n" },
    { description: "maps in lists start on the dash line", value: [{ name: "a", env: [{ name: "X" }] }], expected: "- env:\n  - name: X\n  name: a\n" },
    { description: "lists in lists", value: [[1, [2]], 3], expected: "- - 1\n  - - 2\n- 3\n" },
    { description: "multi-line string is a literal block", value: { s: "a\nb\n" }, expected: "s: |\n  a\n  b\n" },
    { description: "leading space takes an indentation indicator", value: { s: " a\nb" }, expected: "s: |2-\n   a\n  b\n" },
    { description: "multi-line key is double-quoted", value: { "a\nb": 1 }, expected: '"a\\nb": 1\n' },
    { description: "floats as YAML reads them", value: [0.5, -0, 5e-100, NaN, -Infinity], expected: "- 0.5\n- -0.0\n- 5.e-100\n- .nan\n- -.inf\n" },
    { description: "scalar document", value: "yes", expected: "'yes'\n" },
  ])("$description", ({ value, expected }) => {
    expect(toYaml(value)).toBe(expected);
    expect(jsYaml.dump(value, JS_YAML)).toBe(expected);
  });

  it.each([
    ["line breaks alone", "\n", '"\\n"\n'],
    ["starting with a space", " a\nb", '" a\\nb"\n'],
  ])("double-quotes a document that is one multi-line string of %s (js-yaml's block does not read back)", (_name, s, expected) => {
    expect(toYaml(s)).toBe(expected);
    expect(toYaml([s])).toBe(jsYaml.dump([s], JS_YAML));
    let readBack: unknown;
    try {
      readBack = jsYaml.load(jsYaml.dump(s, JS_YAML));
    } catch {
      readBack = undefined;
    }
    expect(readBack).not.toBe(s);
  });

  it("writes integers beyond 2^53 (bigints) in full, and reads them back exactly", () => {
    const value = { max: 2n ** 63n - 1n, min: -(2n ** 63n), above: 2n ** 53n + 1n, list: [9007199254740993n] };
    const text = toYaml(value);
    expect(text).toBe("above: 9007199254740993\nlist:\n- 9007199254740993\nmax: 9223372036854775807\nmin: -9223372036854775808\n");
    expect(parseDocument(text)).toEqual(value);
  });

  it("writes .inf and .nan for numbers JSON cannot carry, which Kubernetes' reader refuses", () => {
    expect(toYaml([Infinity, NaN])).toBe("- .inf\n- .nan\n");
    expect(() => parseDocument(toYaml([Infinity]))).toThrow(/not a number JSON can carry/);
  });

  it("hands values that are not JSON-like to js-yaml", () => {
    const value = { when: new Date(0) };
    expect(toYaml(value)).toBe(jsYaml.dump(value, JS_YAML));
  });

  it("writes streams with a separator before each document", () => {
    expect(toYamlStream([{ a: 1 }, [2]])).toBe("---\na: 1\n---\n- 2\n");
  });
});

describe("yamlLines", () => {
  it("gives one entry per written line, with the same text as toYaml", () => {
    fc.assert(
      fc.property(valueArb, (value) => {
        const { text, lines } = yamlLines(value);
        expect(text).toBe(toYaml(value));
        expect(lines).toHaveLength(text.split("\n").length - 1);
      }),
      { numRuns: 1000 },
    );
  });
});
