import { describe, expect, it } from "vitest";
import { isoTimestamp } from "@/lib/api/schemas/telemetry";
import { routeOf } from "./request-stats";
import { MAX_ROWS, linesWithin, newestRows } from "./collect";

describe("routeOf names path parameters", () => {
  it.each([
    ["/api/v1/control_plane/configs/deployment-x", { object: "deployment-x" }, "/configs/[object]"],
    ["/api/v1/control_plane/configs/a/at/17", { object: "a", version: "17" }, "/configs/[object]/at/[version]"],
    ["/api/v1/control_plane/no/such/path", { path: ["no", "such", "path"] }, "/[...path]"],
    ["/api/v1/control_plane/setup", {}, "/setup"],
  ])("%s", (pathname, params, route) => expect(routeOf(pathname, params)).toBe(route));
});

describe("isoTimestamp", () => {
  it.each([
    ["2023-10-26T13:08:45.131Z", "2023-10-26T13:08:45.131Z"],
    ["2023-10-26T13.08.45.131Z", "2023-10-26T13:08:45.131Z"],
    ["2023-10-26T15:08:45+02:00", "2023-10-26T13:08:45.000Z"],
    ["2023-10-26T15:08:45.123456789+0200", "2023-10-26T13:08:45.123Z"],
  ])("accepts %s", (value, normalized) => expect(isoTimestamp.parse(value)).toBe(normalized));
  it.each(["2023-10-26", "2023-10-26T13:08:45", "2023-02-30T00:00:00Z", "2023-10-26T24:00:00Z", "2023-10-26T13:08.45Z", "now"])("refuses %s", (value) =>
    expect(isoTimestamp.safeParse(value).success).toBe(false),
  );
});

describe("linesWithin keeps the lines timed inside the window, bounds included", () => {
  const text = ["2023-10-26T13:00:00.000000000Z a", "2023-10-26T13:00:01.000000000Z b", "2023-10-26T13:00:02.000000000Z c", "no time d", ""].join("\n");
  it("[13:00:01, 13:00:02]", () =>
    expect(linesWithin(text, Date.parse("2023-10-26T13:00:01Z"), Date.parse("2023-10-26T13:00:02Z"))).toEqual([
      "2023-10-26T13:00:01.000000000Z b",
      "2023-10-26T13:00:02.000000000Z c",
    ]));
});

describe("newestRows: a series read newest first keeps its newest MAX_ROWS rows, oldest first", () => {
  it("over the cap: the oldest row goes, with a note", () => {
    const notes: string[] = [];
    const newestFirst = Array.from({ length: MAX_ROWS + 1 }, (_, i) => MAX_ROWS - i);
    const kept = newestRows(newestFirst, "stats/health_checks.json", notes);
    expect(kept).toHaveLength(MAX_ROWS);
    expect(kept[0]).toBe(1);
    expect(kept.at(-1)).toBe(MAX_ROWS);
    expect(notes).toEqual([`stats/health_checks.json: only the newest ${MAX_ROWS} rows of the window are exported`]);
  });
  it("within the cap: all rows, oldest first, no note", () => {
    const notes: string[] = [];
    expect(newestRows([3, 2, 1], "x", notes)).toEqual([1, 2, 3]);
    expect(notes).toEqual([]);
  });
});
