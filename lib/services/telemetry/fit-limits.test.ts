import { describe, expect, it } from "vitest";
import type { ArchiveLimits } from "../archive";
import { type BundleFile, buildBundle, readBundle } from "./bundle";
import { commonCap, fitToLimits } from "./fit-limits";

const head = {
  format: "deployment-manager-telescope" as const,
  format_version: 1 as const,
  id: "job-1",
  created_at: "2023-10-26T14:00:00.000Z",
  request: { services: ["web"], data_sources: ["LOGS" as const, "STATS" as const], start: "2023-10-26T13:00:00.000Z", end: "2023-10-26T14:00:00.000Z", label: "t-1698329335912" },
  notes: [],
};
const logLines = (n: number) => Array.from({ length: n }, (_, i) => `2023-10-26T13:${String(i % 60).padStart(2, "0")}:00.000000000Z line ${i}\n`);
const logFile = (n: number): BundleFile => ({ path: "services/web/logs/web-1/main.log", service: "web", data_source: "LOGS", lines: n, text: logLines(n).join("") });
const replicasFile = (n: number): BundleFile => ({
  path: "services/web/stats/replicas.json",
  service: "web",
  data_source: "STATS",
  text: JSON.stringify(
    Array.from({ length: n }, (_, i) => ({ sampled_at: new Date(Date.UTC(2023, 9, 26, 13, 0, i)).toISOString(), desired: 2, ready: i % 3 })),
    null,
    2,
  ),
});

describe("commonCap: the size the biggest files are cut to so the total fits", () => {
  it.each([
    { description: "everything fits", sizes: [10, 20], budget: 30, expected: Infinity },
    { description: "the biggest is cut, the small one stays whole", sizes: [10, 100], budget: 50, expected: 40 },
    { description: "two big ones share what the small ones leave", sizes: [5, 100, 100], budget: 45, expected: 20 },
    { description: "no room at all", sizes: [5], budget: -1, expected: 0 },
  ])("$description", ({ sizes, budget, expected }) => expect(commonCap(sizes, budget)).toBe(expected));
});

describe("fitToLimits keeps the newest part of what is too big and notes every cut", () => {
  it("a log over the per-file limit keeps its newest lines", () => {
    const notes: string[] = [];
    const limits: ArchiveLimits = { maxEntries: 100, maxEntryBytes: 1_000, maxTotalBytes: 1_000_000 };
    const [fitted] = fitToLimits([logFile(100)], limits, 0, notes);
    const kept = fitted!.text.split(/(?<=\n)/);
    expect(Buffer.byteLength(fitted!.text)).toBeLessThanOrEqual(1_000);
    expect(kept).toEqual(logLines(100).slice(100 - kept.length));
    expect(kept.length).toBeGreaterThan(10);
    expect(fitted!.lines).toBe(kept.length);
    expect(notes).toEqual([expect.stringMatching(new RegExp(`^services/web/logs/web-1/main\\.log: cut to its newest ${kept.length} of 100 lines`))]);
  });

  it("a JSON series over the limit keeps its newest entries, still an array", () => {
    const notes: string[] = [];
    const [fitted] = fitToLimits([replicasFile(200)], { maxEntries: 100, maxEntryBytes: 2_000, maxTotalBytes: 1_000_000 }, 0, notes);
    const kept = JSON.parse(fitted!.text) as { sampled_at: string }[];
    const all = JSON.parse(replicasFile(200).text) as { sampled_at: string }[];
    expect(kept.length).toBeGreaterThan(0);
    expect(kept).toEqual(all.slice(all.length - kept.length));
    expect(notes[0]).toMatch(/replicas\.json: cut to its newest \d+ of 200 entries/);
  });

  it("over the total, the biggest files are cut and the manifest's room is kept free", () => {
    const notes: string[] = [];
    const files = [logFile(200), replicasFile(3)];
    const fitted = fitToLimits(files, { maxEntries: 100, maxEntryBytes: 1_000_000, maxTotalBytes: 3_000 }, 1_000, notes);
    expect(fitted.reduce((sum, f) => sum + Buffer.byteLength(f.text), 0)).toBeLessThanOrEqual(2_000);
    expect(fitted[1]).toEqual(files[1]);
    expect(notes).toHaveLength(1);
  });

  it("more files than entries: the rest are left out with a note", () => {
    const notes: string[] = [];
    const files = Array.from({ length: 5 }, (_, i) => ({ ...logFile(1), path: `services/web/logs/web-${i}/main.log` }));
    expect(fitToLimits(files, { maxEntries: 3, maxEntryBytes: 1_000, maxTotalBytes: 100_000 }, 0, notes).map((f) => f.path)).toEqual(files.slice(0, 2).map((f) => f.path));
    expect(notes[0]).toMatch(/^3 file\(s\) left out: a bundle holds at most 3 entries/);
  });
});

describe("buildBundle: what it builds is within the import's limits and imports", () => {
  it("a bundle with too much in it is cut, noted in manifest.json, and readBundle accepts it", async () => {
    const limits: ArchiveLimits = { maxEntries: 10, maxEntryBytes: 4_000, maxTotalBytes: 100_000 };
    const { zip, manifest } = await buildBundle(head, [logFile(1_000), replicasFile(500)], limits);
    expect(manifest.notes).toEqual([expect.stringMatching(/main\.log: cut to its newest/), expect.stringMatching(/replicas\.json: cut to its newest/)]);
    const bundle = await readBundle(Buffer.from(zip), limits);
    expect(bundle.manifest).toEqual(manifest);
    expect(bundle.files.get("services/web/logs/web-1/main.log")!.endsWith("line 999\n")).toBe(true);
  });
});
