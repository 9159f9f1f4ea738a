"use client";

import { useQuery } from "@tanstack/react-query";
import { useDeferredValue, useState } from "react";
import { queryKeys } from "@/components/query-keys";
import { apiFetch } from "@/components/ui/api";
import { Badge, Card } from "@/components/ui/card";
import { QueryState } from "@/components/ui/query-state";
import { LineChart, type Series } from "./line-chart";
import { lineDiff } from "./line-diff";
import { type Envelope, type ImportJob, type TelescopeRequest, isFinished } from "./types";

type LogLine = { service: string; pod: string; container: string; time: string; text: string };
type HealthStats = { checks: { id: string }[]; results: { check_id: string; checked_at: string; status: string; runtime_ms: number }[] } | null;
type ApiStats = { minute: string; method: string; route: string; count: number; avg_ms: number }[] | null;
type ReplicaStats = { sampled_at: string; desired: number; ready: number }[];
type Stats = {
  manifest: { request: TelescopeRequest; created_at: string; notes: string[]; files: { path: string; data_source: string; bytes: number }[] };
  stats: { health_checks: HealthStats; api_requests: ApiStats; replicas: Record<string, ReplicaStats> };
};
type ConfigView = { objectName: string; config: string; releaseVersion: string; patchVersion: number } | null;
type Configs = Record<string, { materialized: ConfigView; patches: { version: number; target: string; description: string }[] }>;

const TABS = ["Logs", "Stats", "Configs"] as const;

export function ImportViewer({ id }: { id: string }) {
  const [tab, setTab] = useState<(typeof TABS)[number]>("Logs");
  const status = useQuery({
    queryKey: queryKeys.telescopeImport(id),
    queryFn: () => apiFetch<Envelope<ImportJob>>(`/obs/telescope/import/${id}/status`),
    // An import still unpacking: ask again until it is SUCCESS or FAILED.
    refetchInterval: (query) => (query.state.status === "error" || isFinished(query.state.data?.data.job_status ?? "") ? false : 1_000),
  });
  return (
    <QueryState query={status}>
      {({ data: job }) => (
        <div className="space-y-4">
          <Card title="Bundle">
            <dl className="grid grid-cols-[8rem_1fr] gap-y-1 text-sm" data-testid="bundle-summary">
              <dt className="text-slate-500">Label</dt>
              <dd className="font-mono">{job.result.label}</dd>
              <dt className="text-slate-500">Services</dt>
              <dd className="font-mono">{job.result.services.join(", ")}</dd>
              <dt className="text-slate-500">Data</dt>
              <dd>{job.result.data_sources.join(", ")}</dd>
              <dt className="text-slate-500">Window</dt>
              <dd>
                {new Date(job.result.start).toLocaleString()} – {new Date(job.result.end).toLocaleString()}
              </dd>
              <dt className="text-slate-500">Status</dt>
              <dd>
                <Badge tone={job.job_status === "SUCCESS" ? "ok" : job.job_status === "FAILED" ? "error" : "neutral"}>{job.job_status}</Badge>
                {job.error && (
                  <p className="mt-1 text-xs text-red-700" role="alert">
                    {job.error}
                  </p>
                )}
              </dd>
            </dl>
          </Card>
          {job.job_status === "SUCCESS" && (
            <>
              <div role="tablist" className="flex gap-1 border-b border-slate-200">
                {TABS.map((t) => (
                  <button
                    key={t}
                    type="button"
                    role="tab"
                    aria-selected={tab === t}
                    onClick={() => setTab(t)}
                    className={`rounded-t px-3 py-1.5 text-sm ${tab === t ? "bg-slate-900 text-white" : "text-slate-700 hover:bg-slate-100"}`}
                  >
                    {t}
                  </button>
                ))}
              </div>
              {tab === "Logs" && <LogsTab id={id} services={job.result.services} />}
              {tab === "Stats" && <StatsTab id={id} />}
              {tab === "Configs" && <ConfigsTab id={id} />}
            </>
          )}
        </div>
      )}
    </QueryState>
  );
}

function LogsTab({ id, services }: { id: string; services: string[] }) {
  const [service, setService] = useState("");
  const [search, setSearch] = useState("");
  const q = useDeferredValue(search);
  const logs = useQuery({
    queryKey: queryKeys.telescopeImportLogs(id, service, q),
    queryFn: () =>
      apiFetch<Envelope<{ matched: number; lines: LogLine[] }>>(
        `/obs/telescope/import/${id}/logs?${new URLSearchParams({ ...(service ? { service } : {}), q, limit: "2000" })}`,
      ),
    placeholderData: (previous) => previous,
  });
  return (
    <Card title="Logs">
      <div className="mb-2 flex flex-wrap gap-2 text-sm">
        <select aria-label="Service" className="rounded border border-slate-300 px-2 py-1" value={service} onChange={(e) => setService(e.target.value)}>
          <option value="">all services</option>
          {services.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
        <input
          type="search"
          aria-label="Search logs"
          placeholder="Search (case-insensitive)"
          className="flex-1 rounded border border-slate-300 px-2 py-1"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
      </div>
      <QueryState query={logs}>
        {({ data }) => (
          <>
            <p className="mb-1 text-xs text-slate-500" data-testid="log-count">
              {data.matched} matching line(s){data.matched > data.lines.length ? `, first ${data.lines.length} shown` : ""}
            </p>
            <pre className="max-h-[28rem] overflow-auto rounded bg-slate-950 p-2 text-xs leading-5 text-slate-100" data-testid="log-lines">
              {data.lines.map((l, i) => (
                <div key={i}>
                  <span className="text-slate-400">{l.time}</span> <span className="text-sky-300">{l.pod}/{l.container}</span> {l.text}
                </div>
              ))}
            </pre>
          </>
        )}
      </QueryState>
    </Card>
  );
}

function StatsTab({ id }: { id: string }) {
  const stats = useQuery({ queryKey: queryKeys.telescopeImportStats(id), queryFn: () => apiFetch<Envelope<Stats>>(`/obs/telescope/import/${id}/stats`) });
  return (
    <QueryState query={stats}>
      {({ data }) => {
        const { health_checks, api_requests, replicas } = data.stats;
        const byCheck = new Map<string, Series>();
        for (const r of health_checks?.results ?? []) {
          const s = byCheck.get(r.check_id) ?? byCheck.set(r.check_id, { name: r.check_id, points: [] }).get(r.check_id)!;
          s.points.push({ t: Date.parse(r.checked_at), v: r.runtime_ms });
        }
        const failures = (health_checks?.results ?? []).filter((r) => r.status !== "healthy");
        const byRoute = new Map<string, Series>();
        for (const r of api_requests ?? []) {
          const name = `${r.method} ${r.route}`;
          const s = byRoute.get(name) ?? byRoute.set(name, { name, points: [] }).get(name)!;
          s.points.push({ t: Date.parse(r.minute), v: r.count });
        }
        const busiest = [...byRoute.values()].sort((a, b) => total(b) - total(a)).slice(0, 6);
        return (
          <div className="space-y-4" data-testid="stats-tab">
            <Card title="Health check runtimes">
              <LineChart series={[...byCheck.values()]} unit="ms per run" label="Health check runtimes" />
              <p className="mt-2 text-xs text-slate-500">{failures.length} failed run(s) in the window.</p>
            </Card>
            <Card title="API requests per minute (busiest routes)">
              <LineChart series={busiest} unit="requests per minute" label="API requests per minute" />
            </Card>
            {Object.entries(replicas).map(([service, samples]) => (
              <Card key={service} title={`Replicas · ${service}`}>
                <LineChart
                  series={[
                    { name: "desired", points: samples.map((s) => ({ t: Date.parse(s.sampled_at), v: s.desired })) },
                    { name: "ready", points: samples.map((s) => ({ t: Date.parse(s.sampled_at), v: s.ready })) },
                  ]}
                  unit="replicas"
                  label={`Replicas of ${service}`}
                />
              </Card>
            ))}
            {data.manifest.notes.length > 0 && (
              <Card title="Notes">
                <ul className="list-disc pl-5 text-sm">
                  {data.manifest.notes.map((n) => (
                    <li key={n}>{n}</li>
                  ))}
                </ul>
              </Card>
            )}
          </div>
        );
      }}
    </QueryState>
  );
}

const total = (s: Series) => s.points.reduce((sum, p) => sum + p.v, 0);

function ConfigsTab({ id }: { id: string }) {
  const configs = useQuery({ queryKey: queryKeys.telescopeImportConfigs(id), queryFn: () => apiFetch<Envelope<Configs>>(`/obs/telescope/import/${id}/configs`) });
  return (
    <QueryState query={configs}>
      {({ data }) => (
        <div className="space-y-4">
          {Object.keys(data).length === 0 && <p className="text-sm text-slate-400">The bundle holds no configs.</p>}
          {Object.entries(data).map(([service, entry]) => (
            <Card key={service} title={service}>
              {entry.materialized ? <ConfigDiff imported={entry.materialized} /> : <p className="text-sm text-slate-400">No stored config was exported.</p>}
              <p className="mt-2 text-xs text-slate-500">
                {entry.patches.length} patch(es) reached it: {entry.patches.map((p) => p.version).join(", ") || "none"}
              </p>
            </Card>
          ))}
        </div>
      )}
    </QueryState>
  );
}

function ConfigDiff({ imported }: { imported: NonNullable<ConfigView> }) {
  const current = useQuery({
    queryKey: queryKeys.telescopeCurrentConfig(imported.objectName),
    queryFn: () => apiFetch<NonNullable<ConfigView>>(`/configs/${encodeURIComponent(imported.objectName)}`),
    retry: false,
  });
  if (current.isPending) return <span className="text-slate-400">Loading the current config…</span>;
  const now = current.isError ? "" : current.data.config;
  const rows = lineDiff(imported.config, now);
  const changed = rows.filter((r) => r.kind !== "same").length;
  return (
    <div>
      <p className="mb-1 text-xs text-slate-500" data-testid="config-diff-summary">
        Imported (release {imported.releaseVersion}, patch {imported.patchVersion}) vs current
        {current.isError ? ": no current config on this server" : changed === 0 ? ": identical" : `: ${changed} line(s) differ`}
      </p>
      <pre className="max-h-96 overflow-auto rounded border border-slate-200 text-xs leading-5">
        {rows.map((r, i) => (
          <div key={i} className={r.kind === "added" ? "bg-emerald-50 text-emerald-900" : r.kind === "removed" ? "bg-red-50 text-red-900" : ""}>
            {r.kind === "added" ? "+ " : r.kind === "removed" ? "- " : "  "}
            {r.text}
          </div>
        ))}
      </pre>
    </div>
  );
}
