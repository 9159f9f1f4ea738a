import { describe, expect, it } from "vitest";
import { blameSources, gutterTag, lineRanges } from "./blame";
import type { ProvenanceLine } from "./types";

describe("lineRanges", () => {
  it("collapses runs", () => expect(lineRanges([1, 2, 3, 7, 9, 10])).toBe("1-3, 7, 9-10"));
  it("empty", () => expect(lineRanges([])).toBe(""));
});

describe("blameSources", () => {
  const lines: ProvenanceLine[] = [
    { line: 1, text: "a", source: "base", releaseVersion: "23.07" },
    { line: 2, text: "b", source: "patch", patchVersion: 100, description: "older" },
    { line: 3, text: "c", source: "patch", patchVersion: 200, description: "newer" },
    { line: 4, text: "d", source: "patch", patchVersion: 100, description: "older" },
    { line: 5, text: "e", source: "transform", transform: "namespace" },
    { line: 6, text: "f", source: "base", releaseVersion: "23.07" },
  ];
  it("lists patches newest first, then transforms, then the base, each with its lines", () => {
    expect(blameSources(lines).map((s) => [s.label, s.ranges])).toEqual([
      ["Patch 200 — newer", "3"],
      ["Patch 100 — older", "2, 4"],
      ["Transform: namespace", "5"],
      ["Base config, release 23.07", "1, 6"],
    ]);
  });
  it("tags the gutter with the source", () => {
    expect(lines.map(gutterTag)).toEqual(["base 23.07", "p 100", "p 200", "p 100", "⚙ namespace", "base 23.07"]);
  });
});
