import { describe, expect, it } from "vitest";
import { isoTimestamp } from "@/lib/api/schemas/telemetry";
import { routeOf } from "./request-stats";
import { linesWithin } from "./collect";

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
