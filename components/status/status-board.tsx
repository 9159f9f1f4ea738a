"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { queryKeys } from "@/components/query-keys";
import { apiFetch } from "@/components/ui/api";
import { Badge, Card } from "@/components/ui/card";
import { QueryState } from "@/components/ui/query-state";
import { CheckHistoryChart } from "./check-history-chart";
import { type Component, type Freshness, type HealthCheck, type HistoryPoint, type Rollup, byRollup, checkRank, isStale, rollup } from "./types";

type Envelope<T> = { statusCode: number; data: T; error: string | null };

const REFRESH_MS = 10_000;
const HISTORY = 60;
const FOLD_AFTER = 8;

const tone = { critical: "error", degraded: "warn", healthy: "ok", unknown: "neutral" } as const;
const rollupLabel: Record<Rollup, string> = { critical: "Critical", degraded: "Degraded", healthy: "Healthy", unknown: "Unknown" };

/** The current time, again every `everyMs`: staleness shows even when the answers stop changing. */
function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

const ago = (epochSeconds: number | null) => {
  if (epochSeconds === null) return "never";
  const s = Math.max(0, Math.round(Date.now() / 1000 - epochSeconds));
  return s < 60 ? `${s} s ago` : s < 3600 ? `${Math.round(s / 60)} min ago` : new Date(epochSeconds * 1000).toLocaleString();
};

/** `staleAfterSeconds`: a check not run for this long is stale (three intervals of the checks loop). */
export function StatusBoard({ staleAfterSeconds }: { staleAfterSeconds: number }) {
  const freshness: Freshness = { staleAfterSeconds, nowMs: useNow(5_000) };
  const components = useQuery({
    queryKey: queryKeys.platformStatus(),
    queryFn: () => apiFetch<Envelope<Record<string, Component>>>("/platform-status/components"),
    refetchInterval: REFRESH_MS,
  });
  const history = useQuery({
    queryKey: queryKeys.platformStatusHistory(HISTORY),
    queryFn: () => apiFetch<Envelope<Record<string, HistoryPoint[]>>>(`/platform-status/history?limit=${HISTORY}`),
    refetchInterval: REFRESH_MS,
  });

  return (
    <QueryState query={components}>
      {({ data }) => {
        const tiles = Object.entries(data)
          .map(([name, component]) => ({ name, component, state: rollup(component, freshness) }))
          .sort((a, b) => byRollup(a.state, b.state) || a.name.localeCompare(b.name));
        return (
          <div className="space-y-4">
            <div className="grid grid-cols-2 gap-3 md:grid-cols-5" data-testid="status-tiles">
              {tiles.map(({ name, state, component }) => (
                <a
                  key={name}
                  href={`#component-${name}`}
                  data-testid={`tile-${name}`}
                  data-state={state}
                  className="rounded-md border border-slate-200 bg-white px-3 py-2 hover:border-slate-400"
                >
                  <div className="text-sm font-semibold capitalize">{name}</div>
                  <Badge tone={tone[state]}>{rollupLabel[state]}</Badge>
                  <TileSummary checks={Object.values(component.health_checks_by_id)} freshness={freshness} />
                  <div className="mt-1 text-xs text-slate-500">updated {ago(component.last_updated_epoch_seconds)}</div>
                </a>
              ))}
            </div>
            {tiles.map(({ name, component, state }) => (
              <div key={name} id={`component-${name}`}>
                <Card title={name} actions={<Badge tone={tone[state]}>{rollupLabel[state]}</Badge>}>
                  <CheckList checks={Object.values(component.health_checks_by_id)} history={history.data?.data ?? {}} freshness={freshness} />
                </Card>
              </div>
            ))}
          </div>
        );
      }}
    </QueryState>
  );
}

/** Failing checks first; with many checks (one per workload), the healthy ones fold away. */
function CheckList({ checks, history, freshness }: { checks: HealthCheck[]; history: Record<string, HistoryPoint[]>; freshness: Freshness }) {
  const sorted = [...checks].sort((a, b) => checkRank(a, freshness) - checkRank(b, freshness) || a.id.localeCompare(b.id));
  const row = (check: HealthCheck) => <CheckRow key={check.id} check={check} points={history[check.id] ?? []} stale={isStale(check, freshness)} />;
  if (sorted.length <= FOLD_AFTER) return <ul className="divide-y divide-slate-100">{sorted.map(row)}</ul>;
  const healthy = sorted.filter((c) => c.status === "healthy" && !isStale(c, freshness));
  const rest = sorted.filter((c) => !healthy.includes(c));
  return (
    <>
      <ul className="divide-y divide-slate-100">{rest.map(row)}</ul>
      <details data-testid="healthy-checks">
        <summary className="cursor-pointer py-2 text-sm text-slate-600">
          {healthy.length} healthy check{healthy.length === 1 ? "" : "s"}
        </summary>
        <ul className="divide-y divide-slate-100">{healthy.map(row)}</ul>
      </details>
    </>
  );
}

/** How many of a component's checks fail or are stale, when any do. */
function TileSummary({ checks, freshness }: { checks: HealthCheck[]; freshness: Freshness }) {
  const stale = checks.filter((c) => isStale(c, freshness)).length;
  const failing = checks.filter((c) => c.status !== "healthy" && !isStale(c, freshness)).length;
  const parts = [failing && `${failing} failing`, stale && `${stale} stale`].filter(Boolean);
  if (parts.length === 0) return null;
  return (
    <div className="mt-1 text-xs text-slate-600">
      {parts.join(", ")} of {checks.length} check{checks.length === 1 ? "" : "s"}
    </div>
  );
}

function CheckRow({ check, points, stale }: { check: HealthCheck; points: HistoryPoint[]; stale: boolean }) {
  const healthy = check.status === "healthy";
  return (
    <li className="flex flex-wrap items-start justify-between gap-3 py-2" data-testid={`check-${check.id}`} data-stale={stale}>
      <div className="min-w-0 flex-1">
        <div className="flex items-center gap-2">
          <span className="font-medium">{check.id}</span>
          <Badge tone={healthy ? "ok" : check.is_critical ? "error" : "warn"}>{check.status}</Badge>
          {stale && (
            <span title="Not checked for three intervals of the checks loop: it is not running, or cannot record">
              <Badge tone="neutral">stale</Badge>
            </span>
          )}
          {check.is_critical && <span className="text-xs text-slate-500">critical</span>}
        </div>
        <p className={`mt-0.5 break-words text-xs ${healthy ? "text-slate-600" : "text-red-700"}`}>{check.details}</p>
        <p className="mt-0.5 text-xs text-slate-400">
          checked {ago(check.last_checked_at_epoch_seconds)} in {check.last_check_runtime_milliseconds} ms · last success{" "}
          {ago(check.last_success_at_epoch_seconds)}
          {check.contiguous_fails > 0 && ` · ${check.contiguous_fails} failure(s) in a row`}
        </p>
      </div>
      <CheckHistoryChart points={points} label={check.id} />
    </li>
  );
}
