/**
 * RFC 6902 conformance: every enabled case of the `json-patch-test-suite` package (tests.json and
 * the RFC's own examples, spec_tests.json) through applyJsonPatch. A case with `expected` must give
 * that document; a case with `error` must fail with the typed error and leave the input untouched.
 * Then the prototype-pollution paths, which must be refused whatever the document holds.
 */
import { createRequire } from "node:module";
import type { Operation } from "fast-json-patch";
import { describe, expect, it } from "vitest";
import { MaterializeError } from "./errors";
import { applyJsonPatch } from "./json-patch";
import { cloneJson } from "./json-value";

type SuiteCase = { comment?: string; doc: unknown; patch: Operation[]; expected?: unknown; error?: string; disabled?: boolean };

const require = createRequire(import.meta.url);
const suites: [string, SuiteCase[]][] = [
  ["tests.json", require("json-patch-test-suite/tests.json") as SuiteCase[]],
  ["spec_tests.json", require("json-patch-test-suite/spec_tests.json") as SuiteCase[]],
];

describe.each(suites)("json-patch-test-suite %s", (_, cases) => {
  const enabled = cases.filter((c) => !c.disabled).map((c, i) => [c.comment ?? `case ${i}`, c] as const);

  it.each(enabled)("%s", (_, c) => {
    const input = cloneJson(c.doc);
    if (c.error !== undefined) {
      expect(() => applyJsonPatch(input, c.patch)).toThrow(MaterializeError);
      expect(input).toEqual(c.doc);
    } else {
      expect(applyJsonPatch(input, c.patch)).toEqual(c.expected ?? c.doc);
    }
  });
});

describe("prototype pollution through JSON patch paths", () => {
  const docs: [string, unknown][] = [
    ["a plain document", { a: {} }],
    ["a document with its own constructor key", JSON.parse('{"constructor": {"prototype": {}}, "a": {"constructor": {"prototype": {}}}}')],
  ];
  const paths = ["/__proto__/polluted", "/a/__proto__/polluted", "/constructor/prototype/polluted", "/a/constructor/prototype/polluted"];
  const ops = (path: string): Operation[][] => [
    [{ op: "add", path, value: "yes" }],
    [{ op: "replace", path, value: "yes" }],
    [{ op: "copy", from: "/a", path }],
    [{ op: "move", from: "/a", path }],
  ];

  it.each(docs)("every op on __proto__ or constructor/prototype is refused with the typed error (%s)", (_, doc) => {
    for (const path of paths) {
      for (const patch of ops(path)) {
        let error: unknown;
        try {
          applyJsonPatch(doc, patch);
        } catch (err) {
          error = err;
        }
        expect(error, `${patch[0]!.op} ${path}`).toBeInstanceOf(MaterializeError);
        expect((error as MaterializeError).code).toBe("json_patch_failed");
      }
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(Object.prototype)).toEqual([]);
  });

  it("the whole-document replace with a __proto__ key stays an own key", () => {
    const result = applyJsonPatch({ a: 1 }, [{ op: "replace", path: "", value: JSON.parse('{"__proto__": {"polluted": "yes"}}') }]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
  });
});

describe("found by the fuzz test", () => {
  it("a move of a value into its own child (here the root) is refused, not a cycle", () => {
    expect(() => applyJsonPatch({ a: 1 }, [{ op: "move", from: "", path: "/name" }])).toThrow(/into its own child/);
    expect(() => applyJsonPatch({ a: { b: 1 } }, [{ op: "move", from: "/a", path: "/a/b/c" }])).toThrow(MaterializeError);
    expect(applyJsonPatch({ a: { b: 1 } }, [{ op: "move", from: "/a", path: "/a" }])).toEqual({ a: { b: 1 } });
  });
});
