import fc from "fast-check";
import jsYaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { readJsonFast } from "./json-fast-read";
import { readYamlFast, type ScalarRules, UNSUPPORTED } from "./yaml-fast-read";
import { readCoreYaml, readKubernetesYaml } from "./yaml-slow-read";
import { toYaml } from "./yaml-write";

const KUBERNETES: ScalarRules = { schema: "kubernetes" };
const CORE: ScalarRules = { schema: "core" };

/** js-yaml's path (yaml-slow-read.ts) by the same rules. */
function slowRead(text: string, rules: ScalarRules): { value: unknown } | { error: string } {
  try {
    return { value: rules.schema === "core" ? readCoreYaml(text) : readKubernetesYaml(text, rules.kindHint, { maxNodes: 1_000_000, maxBytes: 4 * 1024 * 1024 }) };
  } catch (err) {
    return { error: String(err) };
  }
}

/** The fast reader's contract: js-yaml's value by the same rules, or UNSUPPORTED; never a value where js-yaml fails. */
function expectAgrees(text: string, rules: ScalarRules): boolean {
  const fast = readYamlFast(text, rules);
  if (fast === UNSUPPORTED) return false;
  const slow = slowRead(text, rules);
  expect(slow, text).toHaveProperty("value");
  expect(fast, text).toEqual((slow as { value: unknown }).value);
  return true;
}

const stringArb = fc.oneof(
  fc.constantFrom("", " ", "a b", "a: b", "a:b", "a #b", "a#b", "#", "-", "-a", "- a", "'", "it's", '"q"', "yes", "true", "True", "null", "~", "1", "-1", "1.5", ".5", "1e3", "0x1F", "0o7", "08", "1_000", ".inf", ".nan", "2024-01-01", "<<", "__proto__", "[]", "{}", "[a]", "é", "a\nb", "a\n"),
  fc.constantFrom("0644", "0777", "010", "y", "n", "N", "on", "Off", "0b101", "-_1", "1_", ".5_0", "1:20", "9223372036854775807", "-9223372036854775808", "18446744073709551615", "1e400", "123456789.125", "kind", "data", "labels", "args", "value", "env", "ConfigMap", "Deployment"),
  fc.string({ unit: fc.constantFrom(..."ab :#-'\"[]{},&*!|>%@`?~01.eE+_\\") }),
  fc.string({ maxLength: 8 }),
);
const scalarArb = fc.oneof(stringArb, fc.integer(), fc.double(), fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n }), fc.boolean(), fc.constant(null));
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

/** Both checks run; true when the fast reader took the text by both rules. */
function agreesByBothRules(text: string): boolean {
  const kubernetes = expectAgrees(text, KUBERNETES);
  return expectAgrees(text, CORE) && kubernetes;
}

/** Objects of a few kinds with random values where the kinds have string fields and where they have none. */
const manifestArb = fc.record({
  kind: fc.constantFrom("ConfigMap", "Secret", "Deployment", "Pod", "CronJob", "Custom"),
  metadata: fc.record({ name: stringArb, labels: fc.dictionary(stringArb, scalarArb, { maxKeys: 3 }) }),
  data: fc.dictionary(stringArb, scalarArb, { maxKeys: 3 }),
  spec: fc.record({
    replicas: scalarArb,
    template: fc.record({
      spec: fc.record({
        containers: fc.array(fc.record({ name: scalarArb, args: fc.array(scalarArb, { maxLength: 3 }), env: fc.array(fc.record({ name: stringArb, value: scalarArb }), { maxLength: 2 }) }), { maxLength: 2 }),
      }),
    }),
    other: fc.dictionary(stringArb, scalarArb, { maxKeys: 3 }),
  }),
}, { requiredKeys: ["kind"] });

/** The value with every bigint a number: js-yaml cannot dump bigints. */
function withoutBigInts(value: unknown): unknown {
  if (typeof value === "bigint") return Number(value);
  if (Array.isArray(value)) return value.map(withoutBigInts);
  if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutBigInts(v)]));
  return value;
}


/** Tens of thousands of generated texts: a few seconds alone, more on a loaded machine. */
const PROPERTY_TIMEOUT_MS = 60_000;
describe.each([
  ["Kubernetes' rules", KUBERNETES, { fromWriters: 3500, mutated: 2000 }],
  ["Kubernetes' rules, kind hint Deployment", { schema: "kubernetes", kindHint: "Deployment" } as const, { fromWriters: 3500, mutated: 2000 }],
  ["YAML 1.2 core", CORE, { fromWriters: 4000, mutated: 3000 }],
])("readYamlFast, %s", (_name, rules, atLeast) => {
  it("reads what js-yaml reads, or gives up (texts js-yaml and this library write)", () => {
    let read = 0;
    fc.assert(
      fc.property(fc.oneof(valueArb, manifestArb), styleArb, (value, style) => {
        if (expectAgrees(jsYaml.dump(withoutBigInts(value), { ...style, lineWidth: -1, noRefs: true }), rules)) read++;
        if (expectAgrees(toYaml(value), rules)) read++;
      }),
      { numRuns: 10000 },
    );
    // Not a vacuous pass: the reader takes a good share of these texts itself (with the core
    // schema about 5,000 of the 20,000, 4,991 to 5,166 over seeds).
    expect(read).toBeGreaterThan(atLeast.fromWriters);
  }, PROPERTY_TIMEOUT_MS);

  it("never returns a value for a text js-yaml refuses, nor a different one (mutated texts)", () => {
    const edits = fc.array(fc.tuple(fc.nat(), fc.constantFrom(" ", "  ", ":", ": ", "#", " #", "-", "- ", "\n", "\n  ", "'", '"', "[", "{", "&a ", "*a", "!!str ", "|", "? ", "x", "kind: ", "0", "y"), fc.boolean()), { maxLength: 3 });
    let read = 0;
    fc.assert(
      fc.property(fc.oneof(valueArb, manifestArb), edits, (value, changes) => {
        let text = toYaml(value);
        for (const [at, piece, replace] of changes) {
          const i = at % (text.length + 1);
          text = text.slice(0, i) + piece + text.slice(replace ? i + 1 : i);
        }
        if (expectAgrees(text, rules)) read++;
      }),
      { numRuns: 30000 },
    );
    expect(read).toBeGreaterThan(atLeast.mutated);
  }, PROPERTY_TIMEOUT_MS);
});

describe("readYamlFast", () => {
  it("leaves document markers at the start of a line to js-yaml", () => {
    for (const text of ["... a: []\n", "...a: 1\n", "--- a: 1\n", "---a: 1\n", "a: 1\n...\n", "a:\n- 1\n--- b\n"]) {
      expect(readYamlFast(text, KUBERNETES), text).toBe(UNSUPPORTED);
    }
    expect(readYamlFast("a: ...\nb: '---'\n", KUBERNETES)).toEqual({ a: "...", b: "---" });
  });

  it.each([
    { description: "nested maps and lists, lists level with their key", text: "a:\n  b: 1\n  c:\n  - x\n  - y: 2\n    z: [] # c\nd: {}\n" },
    { description: "indented lists and compact maps", text: "spec:\n  containers:\n    - name: app\n      env:\n        - name: A\n          value: '1'\n" },
    { description: "comments everywhere", text: "# head\na: 1 # one\n\n  # indented comment\nb:   # nothing\nc: 'x' # quoted\n" },
    { description: "typed plain scalars and keys", text: "1: one\ntrue: t\n2.5: f\nhex: 0x10\noctal: 0644\nu: 1_000\nno: n\n" },
    { description: "string fields of the kind named after them", text: "data:\n  DEBUG: n\n  0644: 010\nkind: ConfigMap\nmetadata:\n  labels:\n    on: yes\n" },
    { description: "a quoted kind", text: "'kind': \"Secret\"\nstringData:\n  PIN: 0007\n" },
    { description: "quoted keys and values", text: "'a: b': \"c # d\"\n\"k\": 'it''s'\n" },
    { description: "colons and hashes inside plain scalars", text: "url: http://x.y:80/p#frag\nimage: reg/app:1.2\n" },
    { description: "top-level list", text: "- a\n-\n- c: 1\n  d:\n  - e\n" },
  ])("$description", ({ text }) => {
    expect(agreesByBothRules(text)).toBe(true);
  });

  it.each([
    ["a float JSON cannot carry", "a: .inf\n"],
    ["a NaN", "a:\n- .nan\n"],
    ["a null key", "~: 1\n"],
    ["a key past int64", "18446744073709551615: 1\n"],
    ["two keys that kubectl reads as one", "yes: 1\non: 2\n"],
  ])("leaves to js-yaml, by Kubernetes' rules, %s", (_name, text) => {
    expect(readYamlFast(text, KUBERNETES)).toBe(UNSUPPORTED);
    expect(slowRead(text, KUBERNETES)).toHaveProperty("error");
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
    expect(readYamlFast(text, KUBERNETES)).toBe(UNSUPPORTED);
    expect(readYamlFast(text, CORE)).toBe(UNSUPPORTED);
  });

  describe("JSON texts (json-fast-read.ts)", () => {
    it("reads what js-yaml reads, or gives up (JSON.stringify of random values, mutated)", () => {
      const edits = fc.array(fc.tuple(fc.nat(), fc.constantFrom(",", '"', ":", "-0", "1e400", '"a":1,', "{", "]", " ", "\n", "\\")), { maxLength: 2 });
      let read = 0;
      let taken = 0;
      fc.assert(
        fc.property(fc.oneof(valueArb, manifestArb), fc.constantFrom(0, 2), edits, (value, indent, changes) => {
          const json = JSON.stringify(withoutBigInts(value), null, indent);
          if (json === undefined) return;
          if (agreesByBothRules(json)) read++;
          let text = json;
          for (const [at, piece] of changes) {
            const i = at % (text.length + 1);
            text = text.slice(0, i) + piece + text.slice(i);
          }
          if (agreesByBothRules(text)) taken++;
        }),
        { numRuns: 10000 },
      );
      // About 1,900 and 900 of the 10,000 (JSON.parse loses the text of numbers in string fields and digits past 15).
      expect(read).toBeGreaterThan(1500);
      expect(taken).toBeGreaterThan(700);
    }, PROPERTY_TIMEOUT_MS);

    it.each([
      ["the JSON-patch envelope", '{"target":"api","kind":"Deployment","patch":[{"op":"replace","path":"/spec/replicas","value":3}]}'],
      ["pretty-printed, keys and values of every kind", '{\n  "a": [1, -2.5, 0.125, true, false, null, "x\\"y\\u00e9"],\n  "": {},\n  "__proto__": {"b": []}\n}\n'],
    ])("reads %s", (_name, text) => {
      expect(agreesByBothRules(text)).toBe(true);
    });

    it.each([
      ["duplicate keys (js-yaml refuses them)", '{"a": 1, "b": {"c": 1, "c": 2}}'],
      ["an integer -0 (js-yaml reads 0)", '{"a": -0}'],
      ["a float -0.0 (Kubernetes reads 0)", '{"a": -0.0}'],
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
