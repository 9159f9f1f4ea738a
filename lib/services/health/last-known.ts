import type { CheckRun, HealthCheckRow } from "@/lib/store/health";
import { type CheckDefinition, failedDetails } from "./checks";

/**
 * The latest state of every check as this process last saw it: read from the DB, or run here
 * (contiguous fails counted the way recordCheckRun counts them). platform-status answers these
 * when the DB cannot be read, so a failing database shows as a failing check instead of a 500.
 */

const globalForKnown = globalThis as typeof globalThis & { __dmHealthKnown?: Map<string, HealthCheckRow> };
const known = () => (globalForKnown.__dmHealthKnown ??= new Map());

/** Every check's row as the DB has it (checks that are gone from the DB are forgotten). */
export function rememberRows(rows: readonly HealthCheckRow[]): void {
  known().clear();
  for (const row of rows) known().set(row.id, row);
}

export function rememberRun(run: CheckRun): void {
  const prev = known().get(run.id);
  const healthy = run.status === "healthy";
  known().set(run.id, {
    id: run.id,
    component: run.component,
    status: run.status,
    details: run.details,
    tags: run.tags,
    isCritical: run.isCritical,
    contiguousFails: healthy ? 0 : (prev?.contiguousFails ?? 0) + 1,
    firstCheckStartedAt: prev?.firstCheckStartedAt ?? run.startedAt,
    lastCheckedAt: run.startedAt,
    lastCheckRuntimeMs: run.runtimeMs,
    lastSuccessAt: healthy ? run.startedAt : (prev?.lastSuccessAt ?? null),
  });
}

/** What is known, with `check` unhealthy because of `error` (unless a run here has seen it fail already). */
export function knownRowsFailing(check: CheckDefinition, error: Error): HealthCheckRow[] {
  const rows = [...known().values()].sort((a, b) => a.component.localeCompare(b.component) || a.id.localeCompare(b.id));
  const failing = rows.find((r) => r.id === check.id);
  if (failing && failing.status === "unhealthy") return rows;
  const details = failedDetails(new Error(`the health results cannot be read: ${error.message}`));
  const row: HealthCheckRow = failing
    ? { ...failing, status: "unhealthy", details, contiguousFails: failing.contiguousFails + 1 }
    : { id: check.id, component: check.component, tags: check.tags, isCritical: check.isCritical, status: "unhealthy", details, contiguousFails: 1, firstCheckStartedAt: new Date(), lastCheckedAt: new Date(), lastCheckRuntimeMs: 0, lastSuccessAt: null };
  return [...rows.filter((r) => r.id !== check.id), row];
}
