import { describe, expect, it } from "vitest";
import { type Component, type HealthCheck, type Rollup, checkRank, isStale, rollup } from "./types";

const NOW_MS = 1_700_000_000_000;
const freshness = { staleAfterSeconds: 90, nowMs: NOW_MS };
const check = (id: string, status: string, isCritical: boolean, checkedSecondsAgo: number): HealthCheck => ({
  id,
  status,
  component_name: "c",
  details: "",
  tags: [],
  is_critical: isCritical,
  contiguous_fails: status === "healthy" ? 0 : 1,
  first_check_started_at_epoch_seconds: NOW_MS / 1000 - 3600,
  last_checked_at_epoch_seconds: NOW_MS / 1000 - checkedSecondsAgo,
  last_check_runtime_milliseconds: 1,
  last_success_at_epoch_seconds: null,
});
const component = (...checks: HealthCheck[]): Component => ({
  last_updated_epoch_seconds: null,
  health_checks_by_id: Object.fromEntries(checks.map((c) => [c.id, c])),
});

const ROLLUPS: { description: string; component: Component; expected: Rollup }[] = [
  { description: "all fresh and healthy → healthy", component: component(check("a", "healthy", true, 10), check("b", "healthy", false, 30)), expected: "healthy" },
  { description: "a fresh critical failure → critical", component: component(check("a", "unhealthy", true, 10), check("b", "healthy", false, 500)), expected: "critical" },
  { description: "a fresh non-critical failure → degraded", component: component(check("a", "unhealthy", false, 10)), expected: "degraded" },
  { description: "a healthy check not run for 3 intervals → unknown, not healthy", component: component(check("a", "healthy", true, 91), check("b", "healthy", true, 5)), expected: "unknown" },
  { description: "a stale failure is no longer counted as failing → unknown", component: component(check("a", "unhealthy", true, 600)), expected: "unknown" },
  { description: "no checks → unknown", component: component(), expected: "unknown" },
];

describe("status board roll-up", () => {
  it.each(ROLLUPS)("$description", ({ component, expected }) => {
    expect(rollup(component, freshness)).toBe(expected);
  });

  it("a check is stale after staleAfterSeconds without a run; stale ones rank after failing, before healthy", () => {
    expect(isStale(check("a", "healthy", true, 90), freshness)).toBe(false);
    expect(isStale(check("a", "healthy", true, 91), freshness)).toBe(true);
    const ranks = [check("h", "healthy", true, 1), check("s", "healthy", true, 100), check("f", "unhealthy", false, 1), check("c", "unhealthy", true, 1)]
      .sort((a, b) => checkRank(a, freshness) - checkRank(b, freshness))
      .map((c) => c.id);
    expect(ranks).toEqual(["c", "f", "s", "h"]);
  });
});
