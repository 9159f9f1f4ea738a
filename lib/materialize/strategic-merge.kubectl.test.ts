/**
 * Differential test: generated (base, strategic patch) pairs, each applied by this library and by
 * `kubectl patch --local --type strategic`; the results must be equal as objects. Runs in CI
 * (kubectl is on the machine image): with CI=true a missing kubectl fails the test.
 */
import jsYaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { jsonEqual } from "./json-value";
import { strategicMergePatch } from "./strategic-merge";
import { generateCases } from "./testing/generate-cases";
import { kubectlAvailable, kubectlStrategicMerge } from "./testing/kubectl";

const CASES = Number(process.env.DM_DIFF_CASES ?? 320);
const available = kubectlAvailable();
const inCi = process.env.CI === "true";

describe("strategic merge matches kubectl", () => {
  it.runIf(inCi && !available)("needs kubectl in CI", () => {
    expect.fail("kubectl is not on PATH (set KUBECTL to its path); the differential test cannot run");
  });

  it.runIf(available)(
    `${CASES} generated cases`,
    async () => {
      const cases = generateCases(CASES, 20240601);
      const oracle = await kubectlStrategicMerge(cases);
      const failures: string[] = [];
      cases.forEach((c, i) => {
        const expected = oracle[i];
        let actual: unknown;
        let error: string | undefined;
        try {
          actual = strategicMergePatch(c.base, c.patch);
        } catch (err) {
          error = String(err);
        }
        const same = expected?.ok ? error === undefined && jsonEqual(actual, expected.object) : error !== undefined;
        if (!same) {
          failures.push(
            [
              c.description,
              `base:\n${jsYaml.dump(c.base)}`,
              `patch:\n${jsYaml.dump(c.patch)}`,
              `expected (kubectl):\n${expected?.ok ? jsYaml.dump(expected.object) : expected?.error}`,
              `actual:\n${error ?? jsYaml.dump(actual)}`,
            ].join("\n"),
          );
        }
      });
      expect(failures.slice(0, 3).join("\n----\n"), `${failures.length} of ${CASES} cases differ`).toBe("");
      expect(failures).toHaveLength(0);
    },
    180_000,
  );
});
