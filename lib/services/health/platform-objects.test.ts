import { describe, expect, it } from "vitest";
import { fromLabelSelector, matches, parseLabelSelector } from "@/lib/kube/sim/selectors";
import { type LabelSelector, labelSelectorString } from "./platform-objects";

// The string form must select exactly the pods the LabelSelector object selects (the simulator's
// parser is the oracle, as the API server's would be).
const CASES: { description: string; selector: LabelSelector | undefined; expected: string }[] = [
  { description: "matchLabels only", selector: { matchLabels: { app: "web" } }, expected: "app=web" },
  { description: "In", selector: { matchExpressions: [{ key: "app", operator: "In", values: ["web", "api"] }] }, expected: "app in (web,api)" },
  { description: "NotIn", selector: { matchExpressions: [{ key: "env", operator: "NotIn", values: ["dev"] }] }, expected: "env notin (dev)" },
  { description: "Exists and DoesNotExist", selector: { matchExpressions: [{ key: "app", operator: "Exists" }, { key: "legacy", operator: "DoesNotExist" }] }, expected: "app,!legacy" },
  {
    description: "matchLabels and matchExpressions together",
    selector: { matchLabels: { tier: "front" }, matchExpressions: [{ key: "app", operator: "In", values: ["web"] }] },
    expected: "tier=front,app in (web)",
  },
  { description: "none", selector: undefined, expected: "" },
];
const PODS: Record<string, string>[] = [{ app: "web", tier: "front" }, { app: "api", env: "dev" }, { app: "web", legacy: "1" }, { tier: "front" }];

describe("labelSelectorString", () => {
  it.each(CASES)("$description", ({ selector, expected }) => {
    const text = labelSelectorString(selector);
    expect(text).toBe(expected);
    if (!selector) return;
    for (const labels of PODS) expect(matches(parseLabelSelector(text), labels)).toBe(matches(fromLabelSelector(selector), labels));
  });
});
