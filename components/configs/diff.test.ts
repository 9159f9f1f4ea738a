import { describe, expect, it } from "vitest";
import { changeSignature, countByKind, groupChanges, lineDiff } from "./diff";

const render = (before: string, after: string) =>
  lineDiff(before, after).map((l) => `${l.op === "same" ? " " : l.op === "add" ? "+" : "-"}${l.text}`);

describe("lineDiff", () => {
  const cases = [
    { description: "equal texts", before: "a\nb\n", after: "a\nb\n", expected: [" a", " b"] },
    { description: "empty before: every line added", before: "", after: "a\nb", expected: ["+a", "+b"] },
    { description: "empty after: every line removed", before: "a\nb", after: "", expected: ["-a", "-b"] },
    { description: "one line changed in the middle", before: "a\nb\nc", after: "a\nx\nc", expected: [" a", "-b", "+x", " c"] },
    { description: "insertion keeps context", before: "a\nc", after: "a\nb\nc", expected: [" a", "+b", " c"] },
    { description: "deletion at the end", before: "a\nb\nc", after: "a\nb", expected: [" a", " b", "-c"] },
    { description: "trailing newline is not a line", before: "a\n", after: "a", expected: [" a"] },
  ];
  for (const c of cases) it(c.description, () => expect(render(c.before, c.after)).toEqual(c.expected));

  it("is a shortest script that rebuilds both sides on larger inputs", () => {
    const before = Array.from({ length: 300 }, (_, i) => `line ${i}`);
    const after = before.filter((_, i) => i % 7 !== 0).map((l, i) => (i % 11 === 0 ? `${l} changed` : l));
    const diff = lineDiff(before.join("\n"), after.join("\n"));
    expect(diff.filter((l) => l.op !== "add").map((l) => l.text)).toEqual(before);
    expect(diff.filter((l) => l.op !== "del").map((l) => l.text)).toEqual(after);
  });
});

describe("groupChanges", () => {
  const deployment = (name: string, image: string, level: string) =>
    `kind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  image: ${image}\n  env:\n    LOG_LEVEL: ${level}\n`;

  it("collapses identical edits on different objects (different context) into one group ×N", () => {
    const groups = groupChanges([
      { objectName: "b", kind: "Deployment", before: deployment("b", "img:2", "info"), after: deployment("b", "img:2", "debug") },
      { objectName: "a", kind: "Deployment", before: deployment("a", "img:1", "info"), after: deployment("a", "img:1", "debug") },
      { objectName: "c", kind: "Deployment", before: deployment("c", "img:3", "warn"), after: deployment("c", "img:3", "debug") },
      { objectName: "d", kind: "Deployment", before: deployment("d", "img:4", "info"), after: deployment("d", "img:4", "info") },
    ]);
    expect(groups.map((g) => g.objects.map((o) => o.objectName))).toEqual([["a", "b"], ["c"], ["d"]]);
    expect(groups[0]!.stats).toEqual({ added: 1, removed: 1 });
    expect(groups[2]!.signature).toBe("");
  });

  it("a line that only lost or gained its list bullet is moved context, not part of the edit", () => {
    const container = (image: string, env: boolean) =>
      `containers:\n  - ${env ? "env:\n      - name: LOG_LEVEL\n        value: debug\n    " : ""}image: ${image}\n    name: app\n`;
    const groups = groupChanges([
      { objectName: "a", kind: "Deployment", before: container("web:1", true), after: container("web:1", false) },
      { objectName: "b", kind: "Deployment", before: container("web:2", true), after: container("web:2", false) },
    ]);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.signature).not.toContain("image");
  });

  it("keeps edits apart when the same lines change in a different way", () => {
    const sig1 = changeSignature(lineDiff("a\nb", "a\nc"));
    const sig2 = changeSignature(lineDiff("a\nb", "a\nb\nc"));
    expect(sig1).not.toBe(sig2);
  });

  it("separates hunks: two edits are not the same as one edit with both lines", () => {
    const twoHunks = changeSignature(lineDiff("x\na\ny\nb\nz", "x\nA\ny\nB\nz"));
    const oneHunk = changeSignature(lineDiff("x\na\nb\nz", "x\nA\nB\nz"));
    expect(twoHunks).not.toBe(oneHunk);
  });
});

describe("countByKind", () => {
  it("groups by kind, kinds sorted", () => {
    const out = countByKind([{ kind: "Service", n: 1 }, { kind: "ConfigMap", n: 2 }, { kind: "Service", n: 3 }]);
    expect(out.map((g) => [g.kind, g.items.length])).toEqual([["ConfigMap", 1], ["Service", 2]]);
  });
});
