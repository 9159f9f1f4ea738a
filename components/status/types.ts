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

/** A component is critical when a critical check fails, degraded when another check fails. */
export function rollup(component: Component): Rollup {
  const checks = Object.values(component.health_checks_by_id);
  if (checks.length === 0) return "unknown";
  if (checks.some((c) => c.status !== "healthy" && c.is_critical)) return "critical";
  if (checks.some((c) => c.status !== "healthy")) return "degraded";
  return "healthy";
}

const ORDER: Record<Rollup, number> = { critical: 0, degraded: 1, unknown: 2, healthy: 3 };
export const byRollup = (a: Rollup, b: Rollup) => ORDER[a] - ORDER[b];

/** Failing critical checks first, then other failing ones, then the healthy. */
export function checkRank(check: HealthCheck): number {
  if (check.status === "healthy") return 2;
  return check.is_critical ? 0 : 1;
}
