import { describe, expect, it } from "vitest";
import { fromLabelSelector, matches, parseFieldSelector, parseLabelSelector, selectorString } from "./selectors";

const LABELS = { app: "web", tier: "frontend", env: "prod" };

const CASES: { description: string; selector: string; expected: boolean }[] = [
  { description: "empty selector matches everything", selector: "", expected: true },
  { description: "equality", selector: "app=web", expected: true },
  { description: "double equals", selector: "app==web", expected: true },
  { description: "equality, other value", selector: "app=db", expected: false },
  { description: "inequality", selector: "tier!=backend", expected: true },
  { description: "inequality on a missing key matches", selector: "zone!=a", expected: true },
  { description: "set: in", selector: "env in (prod,staging)", expected: true },
  { description: "set: notin", selector: "env notin (prod)", expected: false },
  { description: "exists", selector: "tier", expected: true },
  { description: "does not exist", selector: "!tier", expected: false },
  { description: "conjunction of all kinds", selector: "app=web,tier in (frontend),!legacy,env", expected: true },
  { description: "conjunction fails on one requirement", selector: "app=web,env=dev", expected: false },
];

describe("label selectors", () => {
  it.each(CASES)("$description", ({ selector, expected }) => {
    expect(matches(parseLabelSelector(selector), LABELS)).toBe(expected);
  });

  it("an empty value after = matches the empty label value", () => {
    expect(matches(parseLabelSelector("app="), { app: "" })).toBe(true);
  });

  it.each(["in (a)", "env in a", "app=web,,", "env in (a", "=web"])("rejects %j with 400", (selector) => {
    expect(() => parseLabelSelector(selector)).toThrow(expect.objectContaining({ code: 400 }));
  });

  it("LabelSelector objects: matchLabels and matchExpressions, and their string form", () => {
    const sel = { matchLabels: { app: "web" }, matchExpressions: [{ key: "env", operator: "In", values: ["prod", "dev"] }, { key: "legacy", operator: "DoesNotExist" }] };
    expect(matches(fromLabelSelector(sel), LABELS)).toBe(true);
    expect(matches(fromLabelSelector(sel), { ...LABELS, legacy: "1" })).toBe(false);
    expect(selectorString(sel)).toBe("app=web,env in (prod,dev),!legacy");
  });

  it("field selectors: metadata.name / namespace, status.phase; unknown fields are 400", () => {
    const pod = { metadata: { name: "p", namespace: "ns" }, status: { phase: "Running" } };
    expect(parseFieldSelector("metadata.name=p")(pod)).toBe(true);
    expect(parseFieldSelector("metadata.name!=p")(pod)).toBe(false);
    expect(parseFieldSelector("metadata.namespace=ns,status.phase=Running")(pod)).toBe(true);
    expect(() => parseFieldSelector("spec.replicas=1")).toThrow(expect.objectContaining({ code: 400 }));
  });
});
