/** The shapes of platform-status/components and platform-status/history, as the board reads them. */

export type HealthCheck = {
  id: string;
  status: string;
  component_name: string;
  details: string;
  tags: string[];
  is_critical: boolean;
  contiguous_fails: number;
  first_check_started_at_epoch_seconds: number | null;
  last_checked_at_epoch_seconds: number | null;
  last_check_runtime_milliseconds: number;
  last_success_at_epoch_seconds: number | null;
};

export type Component = { last_updated_epoch_seconds: number | null; health_checks_by_id: Record<string, HealthCheck> };

export type HistoryPoint = { checked_at_epoch_ms: number; status: string; runtime_milliseconds: number; details: string };

export type Rollup = "critical" | "degraded" | "healthy" | "unknown";

/**
 * A check is stale when it has not run for `staleAfterSeconds` (three intervals of the checks
 * loop): the loop stopped or cannot record, so its last status says nothing about now.
 */
export type Freshness = { staleAfterSeconds: number; nowMs: number };

export function isStale(check: HealthCheck, { staleAfterSeconds, nowMs }: Freshness): boolean {
  return check.last_checked_at_epoch_seconds === null || nowMs / 1000 - check.last_checked_at_epoch_seconds > staleAfterSeconds;
}

/**
 * A component is critical when a critical check fails, degraded when another check fails, unknown
 * when it has no checks or one of them is stale (stale checks count as neither failing nor healthy).
 */
export function rollup(component: Component, freshness: Freshness): Rollup {
  const checks = Object.values(component.health_checks_by_id);
  const fresh = checks.filter((c) => !isStale(c, freshness));
  if (fresh.some((c) => c.status !== "healthy" && c.is_critical)) return "critical";
  if (fresh.some((c) => c.status !== "healthy")) return "degraded";
  if (checks.length === 0 || fresh.length < checks.length) return "unknown";
  return "healthy";
}

const ORDER: Record<Rollup, number> = { critical: 0, degraded: 1, unknown: 2, healthy: 3 };
export const byRollup = (a: Rollup, b: Rollup) => ORDER[a] - ORDER[b];

/** Failing critical checks first, then other failing ones, then the stale, then the healthy. */
export function checkRank(check: HealthCheck, freshness: Freshness): number {
  if (isStale(check, freshness)) return 2;
  if (check.status === "healthy") return 3;
  return check.is_critical ? 0 : 1;
}
