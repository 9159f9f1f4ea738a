import fc from "fast-check";
import jsYaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { readJsonFast } from "./json-fast-read";
import { readYamlFast, UNSUPPORTED } from "./yaml-fast-read";
import { YAML_SCHEMA } from "./yaml-documents";
import { toYaml } from "./yaml-write";

function jsYamlRead(text: string): { value: unknown } | { error: string } {
  try {
    return { value: jsYaml.load(text, { schema: YAML_SCHEMA }) };
  } catch (err) {
    return { error: String(err) };
  }
}

/** The fast reader's contract: js-yaml's value, or UNSUPPORTED; never a value where js-yaml fails. */
function expectAgrees(text: string): boolean {
  const fast = readYamlFast(text);
  if (fast === UNSUPPORTED) return false;
  const slow = jsYamlRead(text);
  expect(slow, text).toHaveProperty("value");
  expect(fast, text).toEqual((slow as { value: unknown }).value);
  return true;
}

const stringArb = fc.oneof(
  fc.constantFrom("", " ", "a b", "a: b", "a:b", "a #b", "a#b", "#", "-", "-a", "- a", "'", "it's", '"q"', "yes", "true", "True", "null", "~", "1", "-1", "1.5", ".5", "1e3", "0x1F", "0o7", "08", "1_000", ".inf", ".nan", "2024-01-01", "<<", "__proto__", "[]", "{}", "[a]", "é", "a\nb", "a\n"),
  fc.string({ unit: fc.constantFrom(..."ab :#-'\"[]{},&*!|>%@`?~01.eE+_\\") }),
  fc.string({ maxLength: 8 }),
);
const scalarArb = fc.oneof(stringArb, fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
const { value: valueArb } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small", withCrossShrink: true }, scalarArb, tie("list"), tie("map")),
  list: fc.array(tie("value"), { maxLength: 4 }),
  map: fc.dictionary(stringArb, tie("value"), { maxKeys: 4 }),
}));
const styleArb = fc.record({
  indent: fc.constantFrom(2, 4),
  noArrayIndent: fc.boolean(),
  quotingType: fc.constantFrom("'" as const, '"' as const),
  forceQuotes: fc.boolean(),
  sortKeys: fc.boolean(),
  flowLevel: fc.constantFrom(-1, -1, -1, 1, 2),
});

describe("readYamlFast", () => {
  it("reads what js-yaml reads, or gives up (texts js-yaml and this library write)", () => {
    let read = 0;
    fc.assert(
      fc.property(valueArb, styleArb, (value, style) => {
        if (expectAgrees(jsYaml.dump(value, { ...style, lineWidth: -1, noRefs: true }))) read++;
        if (expectAgrees(toYaml(value))) read++;
      }),
      { numRuns: 10000 },
    );
    // Not a vacuous pass: the reader takes a good share of these texts itself (about 5,000 of
    // the 20,000, 4,991 to 5,166 over seeds: a bound of 5,000 failed now and then).
    expect(read).toBeGreaterThan(4000);
  });

  it("never returns a value for a text js-yaml refuses, nor a different one (mutated texts)", () => {
    const edits = fc.array(fc.tuple(fc.nat(), fc.constantFrom(" ", "  ", ":", ": ", "#", " #", "-", "- ", "\n", "\n  ", "'", '"', "[", "{", "&a ", "*a", "!!str ", "|", "? ", "x"), fc.boolean()), { maxLength: 3 });
    let read = 0;
    fc.assert(
      fc.property(valueArb, edits, (value, changes) => {
        let text = toYaml(value);
        for (const [at, piece, replace] of changes) {
          const i = at % (text.length + 1);
          text = text.slice(0, i) + piece + text.slice(replace ? i + 1 : i);
        }
        if (expectAgrees(text)) read++;
      }),
      { numRuns: 30000 },
    );
    expect(read).toBeGreaterThan(3000);
  });

  it("leaves document markers at the start of a line to js-yaml", () => {
    for (const text of ["... a: []\n", "...a: 1\n", "--- a: 1\n", "---a: 1\n", "a: 1\n...\n", "a:\n- 1\n--- b\n"]) {
      expect(readYamlFast(text), text).toBe(UNSUPPORTED);
    }
    expect(readYamlFast("a: ...\nb: '---'\n")).toEqual({ a: "...", b: "---" });
  });

  it.each([
    { description: "nested maps and lists, lists level with their key", text: "a:\n  b: 1\n  c:\n  - x\n  - y: 2\n    z: [] # c\nd: {}\n" },
    { description: "indented lists and compact maps", text: "spec:\n  containers:\n    - name: app\n      env:\n        - name: A\n          value: '1'\n" },
    { description: "comments everywhere", text: "# head\na: 1 # one\n\n  # indented comment\nb:   # nothing\nc: 'x' # quoted\n" },
    { description: "typed plain scalars and keys", text: "1: one\ntrue: t\n~: n\n2.5: f\nw: 0x10\nx: -.inf\ny: 0o17\nz: 1_000\n" },
    { description: "quoted keys and values", text: "'a: b': \"c # d\"\n\"k\": 'it''s'\n" },
    { description: "colons and hashes inside plain scalars", text: "url: http://x.y:80/p#frag\nimage: reg/app:1.2\n" },
    { description: "top-level list", text: "- a\n-\n- c: 1\n  d:\n  - e\n" },
  ])("$description", ({ text }) => {
    expect(expectAgrees(text)).toBe(true);
  });

  it.each([
    ["a block scalar", "a: |\n  x\n"],
    ["a multi-line plain scalar", "a: x\n  y\n"],
    ["an anchor and alias", "a: &x 1\nb: *x\n"],
    ["a merge key", "a: {}\n<<: {}\n"],
    ["a tag", "a: !!str 1\n"],
    ["a flow collection", "a: [1, 2]\n"],
    ["an escape in double quotes", 'a: "x\\ty"\n'],
    ["a duplicate key", "a: 1\na: 2\n"],
    ["a tab", "a:\t1\n"],
    ["a list in a list item", "- - a\n"],
    ["a scalar document", "hello\n"],
    ["a __proto__ key", "__proto__: 1\n"],
  ])("gives up on %s", (_name, text) => {
    expect(readYamlFast(text)).toBe(UNSUPPORTED);
  });

  describe("JSON texts (json-fast-read.ts)", () => {
    it("reads what js-yaml reads, or gives up (JSON.stringify of random values, mutated)", () => {
      const edits = fc.array(fc.tuple(fc.nat(), fc.constantFrom(",", '"', ":", "-0", "1e400", '"a":1,', "{", "]", " ", "\n", "\\")), { maxLength: 2 });
      let read = 0;
      let taken = 0;
      fc.assert(
        fc.property(valueArb, fc.constantFrom(0, 2), edits, (value, indent, changes) => {
          const json = JSON.stringify(value, null, indent);
          if (json === undefined) return;
          if (expectAgrees(json)) read++;
          let text = json;
          for (const [at, piece] of changes) {
            const i = at % (text.length + 1);
            text = text.slice(0, i) + piece + text.slice(i);
          }
          if (expectAgrees(text)) taken++;
        }),
        { numRuns: 10000 },
      );
      expect(read).toBeGreaterThan(3000);
      expect(taken).toBeGreaterThan(1000);
    });

    it.each([
      ["the JSON-patch envelope", '{"target":"api","kind":"Deployment","patch":[{"op":"replace","path":"/spec/replicas","value":3}]}'],
      ["pretty-printed, keys and values of every kind", '{\n  "a": [1, -2.5, 0.125, true, false, null, "x\\"y\\u00e9"],\n  "": {},\n  "__proto__": {"b": []}\n}\n'],
    ])("reads %s", (_name, text) => {
      expect(expectAgrees(text)).toBe(true);
    });

    it.each([
      ["duplicate keys (js-yaml refuses them)", '{"a": 1, "b": {"c": 1, "c": 2}}'],
      ["an integer -0 (js-yaml reads 0)", '{"a": -0}'],
      ["an exponent (js-yaml reads 1e400 as a string)", '{"a": 1e400}'],
      ["more than 15 digits", '{"a": 1234567890123456789}'],
      ["129 levels", `${"[".repeat(129)}${"]".repeat(129)}`],
      ["a key over 1,024 characters", `{"${"k".repeat(1025)}": 1}`],
      ["a comment before the JSON", '# target: api\n{"a": 1}'],
      ["a line break between a key and its colon (found by the property above)", '{\n  "a"\n: {}\n}'],
    ])("leaves to js-yaml %s", (_name, text) => {
      expect(readJsonFast(text)).toBeUndefined();
    });
  });
});
