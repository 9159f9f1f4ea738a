import { type HealthCheckRow, listHealthChecks, recentResults } from "@/lib/store/health";
import { CHECKS, DATABASE_CHECK } from "./checks";
import { knownRowsFailing, rememberRows } from "./last-known";
import { firstHealthRun } from "./loop";

/** `platform-status/components` and the board's history, in the reference's shape. */

const seconds = (date: Date | null) => (date ? Math.floor(date.getTime() / 1000) : null);

function checkView(row: HealthCheckRow) {
  return {
    id: row.id,
    status: row.status,
    component_name: row.component,
    details: row.details,
    tags: row.tags,
    is_critical: row.isCritical,
    contiguous_fails: row.contiguousFails,
    first_check_started_at_epoch_seconds: seconds(row.firstCheckStartedAt),
    last_checked_at_epoch_seconds: seconds(row.lastCheckedAt),
    last_check_runtime_milliseconds: row.lastCheckRuntimeMs,
    last_success_at_epoch_seconds: seconds(row.lastSuccessAt),
  };
}

export type HealthCheckView = ReturnType<typeof checkView>;
export type ComponentView = { last_updated_epoch_seconds: number | null; health_checks_by_id: Record<string, HealthCheckView> };

/**
 * Every component with its checks; right after start-up, waits (briefly) for the first run. When
 * the DB cannot be read, what this process last knew, with the database failing.
 */
export async function platformComponents(): Promise<Record<string, ComponentView>> {
  await firstHealthRun(10_000);
  let rows: HealthCheckRow[];
  try {
    rows = await listHealthChecks();
    rememberRows(rows);
  } catch (error) {
    rows = knownRowsFailing(DATABASE_CHECK, error as Error);
  }
  const components: Record<string, ComponentView> = {};
  for (const component of new Set(CHECKS.map((c) => c.component))) {
    components[component] = { last_updated_epoch_seconds: null, health_checks_by_id: {} };
  }
  for (const row of rows) {
    const component = (components[row.component] ??= { last_updated_epoch_seconds: null, health_checks_by_id: {} });
    component.health_checks_by_id[row.id] = checkView(row);
    component.last_updated_epoch_seconds = Math.max(component.last_updated_epoch_seconds ?? 0, seconds(row.lastCheckedAt)!);
  }
  return components;
}

export type HistoryPoint = { checked_at_epoch_ms: number; status: string; runtime_milliseconds: number; details: string };

/** The newest `limit` runs of every check, oldest first, by check id. */
export async function checkHistory(limit: number): Promise<Record<string, HistoryPoint[]>> {
  const history: Record<string, HistoryPoint[]> = {};
  for (const r of await recentResults(limit)) {
    (history[r.checkId] ??= []).push({ checked_at_epoch_ms: new Date(r.checkedAt).getTime(), status: r.status, runtime_milliseconds: r.runtimeMs, details: r.details });
  }
  return history;
}
