import { describe, expect, it } from "vitest";
import { compareReleaseVersions, newestRelease } from "./release-version";

describe("compareReleaseVersions", () => {
  it.each([
    ["23.07.10", "23.07.9", 1],
    ["23.07.9", "23.07.10", -1],
    ["23.07", "23.07.0", -1],
    ["21.0.12", "21.0.12", 0],
    ["24.01.0", "23.12.99", 1],
    ["21.x.0", "21.1.0", 1],
  ])("%s vs %s → %i", (a, b, expected) => {
    expect(compareReleaseVersions(a, b)).toBe(expected);
  });

  it("picks the newest release numerically", () => {
    expect(newestRelease(["23.07.9", "23.07.10", "23.07.2"])).toBe("23.07.10");
    expect(newestRelease([])).toBeNull();
  });
});
