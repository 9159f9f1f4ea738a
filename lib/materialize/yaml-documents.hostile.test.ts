/**
 * Hostile YAML: each input is refused with a typed error (or read inertly) and fast. Table:
 * { description, text, expected error code | "inert" }.
 */
import { describe, expect, it } from "vitest";
import { MaterializeError, type MaterializeErrorCode } from "./errors";
import { parseDocuments } from "./yaml-documents";

function laughs(levels: number): string {
  const lines = ["l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"];
  for (let i = 1; i <= levels; i++) lines.push(`l${i}: &l${i} [${Array(9).fill(`*l${i - 1}`).join(", ")}]`);
  return lines.join("\n");
}

let deepBlock = "";
for (let i = 0; i < 120; i++) deepBlock += `${"  ".repeat(i)}k${i}:\n`;

const cases: [string, string, MaterializeErrorCode][] = [
  ["billion laughs (9 levels of 9 aliases)", laughs(9), "limit_exceeded"],
  ["alias bomb through merge keys", `a: &a {x: 1, y: 2, z: 3}\n${Array.from({ length: 12 }, (_, i) => `b${i}: &b${i} {<<: [*${i ? `b${i - 1}` : "a"}], k${i}: [${Array(9).fill(`*${i ? `b${i - 1}` : "a"}`).join(",")}]}`).join("\n")}`, "limit_exceeded"],
  ["flow nesting 100,000 deep", `a: ${"[".repeat(100_000)}${"]".repeat(100_000)}`, "yaml_syntax"],
  ["JSON nesting 10,000 deep", `${'{"a":'.repeat(10_000)}1${"}".repeat(10_000)}`, "yaml_syntax"],
  ["compact block sequences 50,000 deep", `a:\n${"- ".repeat(50_000)}x\n`, "yaml_syntax"],
  ["a 1 MiB scalar aliased 600 times (600 MiB once expanded, few nodes)", `a: &a ${"x".repeat(1024 * 1024)}\nb: [${Array(600).fill("*a").join(", ")}]\n`, "limit_exceeded"],
  ["a 64 KiB key aliased as a map 200 times", `a: &a {${"k".repeat(64 * 1024)}: v}\nb: [${Array(200).fill("*a").join(", ")}]\n`, "limit_exceeded"],
  ["a 5 MiB scalar", `a: ${"x".repeat(5 * 1024 * 1024)}`, "limit_exceeded"],
  ["duplicate keys", "a: 1\nb: 2\na: 3\n", "yaml_syntax"],
  ["duplicate nested keys", "m:\n  x: 1\n  x: 2\n", "yaml_syntax"],
  ["!!js/function", "a: !!js/function 'function () { return 1 }'\n", "yaml_syntax"],
  ["!!js/regexp", "a: !!js/regexp /x/\n", "yaml_syntax"],
  ["!!python/object/apply", "a: !!python/object/apply:os.system ['id']\n", "yaml_syntax"],
  ["!!binary", "a: !!binary aGVsbG8=\n", "yaml_syntax"],
  ["!!set", "a: !!set {x, y}\n", "yaml_syntax"],
  ["a local tag", "a: !Ref bucket\n", "yaml_syntax"],
  ["too many documents", "a: 1\n---\n".repeat(10_001), "limit_exceeded"],
];

describe("hostile YAML is refused fast", () => {
  it.each(cases)("%s", (_, text, code) => {
    const started = performance.now();
    let error: unknown;
    try {
      parseDocuments(text);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(MaterializeError);
    expect((error as MaterializeError).code).toBe(code);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it("aliases that stay within the document limit once expanded still read", () => {
    expect(parseDocuments(`a: &a ${"x".repeat(1024)}\nb: [${Array(100).fill("*a").join(", ")}]\n`)).toHaveLength(1);
  });

  it("nesting that real configs have (120 levels of block mappings) still reads", () => {
    expect(parseDocuments(`${deepBlock}${"  ".repeat(120)}v: 1\n`)).toHaveLength(1);
  });
});

describe("prototype-pollution keys are inert", () => {
  it.each([
    ["block", "__proto__:\n  polluted: yes\nconstructor:\n  prototype:\n    polluted: yes\n"],
    ["flow", "{__proto__: {polluted: yes}, constructor: {prototype: {polluted: yes}}}"],
    ["JSON", '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}'],
    ["merge key", "x: &x {polluted: yes}\n__proto__: *x\ny:\n  <<: *x\n"],
  ])("%s: own keys of the document, Object.prototype untouched", (_, text) => {
    const [doc] = parseDocuments(text);
    const value = doc!.value as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toContain("__proto__");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(Object.prototype)).toEqual([]);
  });
});
