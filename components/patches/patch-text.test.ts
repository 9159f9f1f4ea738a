import { describe, expect, it } from "vitest";
import { bodyTarget, composePatch, lintYamlPatch } from "./patch-text";

describe("composePatch", () => {
  it("puts the target tag before a YAML body", () => expect(composePatch("YAML", "web", "kind: Deployment\n")).toBe("# target: web\nkind: Deployment\n"));
  it("keeps a tag the body already has", () => expect(composePatch("YAML", "web", "# target: api\nkind: X\n")).toBe("# target: api\nkind: X\n"));
  it("sets the JSON envelope's target when missing", () =>
    expect(JSON.parse(composePatch("JSON", "web", '{"kind":"Deployment","patch":[]}'))).toEqual({ kind: "Deployment", patch: [], target: "web" }));
  it("sends invalid JSON as written", () => expect(composePatch("JSON", "web", "{oops")).toBe("{oops"));
});

describe("bodyTarget", () => {
  it("reads both forms", () => {
    expect(bodyTarget("YAML", "# target: api\nkind: X")).toBe("api");
    expect(bodyTarget("JSON", '{"target":"lbl"}')).toBe("lbl");
    expect(bodyTarget("JSON", "nope")).toBeUndefined();
  });
});

describe("lintYamlPatch", () => {
  const cases = [
    { description: "valid patch", body: "kind: Deployment\nspec:\n  replicas: 2\n", expected: [] },
    { description: "unknown top-level key is a warning", body: "kind: Deployment\nspce:\n  replicas: 2\n", expected: ["warning 2 'spce' is not a field of a Kubernetes object"] },
    { description: "a list is not a patch", body: "- a\n- b\n", expected: ["error 1 A YAML patch is a mapping (a partial Kubernetes object)"] },
  ];
  for (const c of cases) it(c.description, () => expect(lintYamlPatch(c.body).map((m) => `${m.severity} ${m.line} ${m.message}`)).toEqual(c.expected));
  it("syntax errors are errors with a line", () => {
    const [m] = lintYamlPatch("kind: Deployment\nspec:\n  a: [1, 2\n");
    expect(m?.severity).toBe("error");
    expect(m?.line).toBeGreaterThan(1);
  });
});
