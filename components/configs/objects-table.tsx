"use client";

import { type UseQueryResult, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { useMemo } from "react";
import { queryKeys } from "@/components/query-keys";
import { apiFetch } from "@/components/ui/api";
import { Badge } from "@/components/ui/card";
import { inputClass } from "@/components/ui/page-header";
import { QueryState } from "@/components/ui/query-state";
import { VirtualRows } from "@/components/ui/virtual-rows";
import type { ConsoleObject, ConsoleObjects, Drift, Envelope } from "./types";

const GRID = "grid grid-cols-[minmax(16rem,2fr)_9rem_9rem_8rem_10rem_8rem_7rem_minmax(10rem,2fr)] items-center gap-2 px-3";
/** The namespace filter's value for objects without one of their own (cluster-scoped, or the platform namespace). */
const NO_NAMESPACE = "-";
const ROW = 30;

export function useConsoleObjects() {
  return useQuery({
    queryKey: queryKeys.consoleObjects(),
    queryFn: async () => (await apiFetch<Envelope<ConsoleObjects>>("/console/objects")).data,
  });
}

/** Drift from `configs/k8s-inconsistencies`: which objects differ from the cluster, which were compared, which skipped. */
function useDrift() {
  return useQuery({
    queryKey: queryKeys.drift(),
    queryFn: () => apiFetch<Drift>("/configs/k8s-inconsistencies"),
    staleTime: 30_000,
  });
}

/** An object's drift badge: skipped (with the reason) and not compared are said so, never "in sync". */
function DriftBadge({ drift, name }: { drift: UseQueryResult<Drift>; name: string }) {
  if (drift.isPending) return <span className="text-xs text-slate-400">…</span>;
  if (drift.isError)
    return (
      <span title={`The drift check failed: ${drift.error.message}`}>
        <Badge tone="error">check failed</Badge>
      </span>
    );
  const inconsistent = drift.data.inconsistentResources[name];
  if (inconsistent)
    return (
      <span title={inconsistent.diffRows.map((r) => r.key).join(", ")}>
        <Badge tone="error">drift</Badge>
      </span>
    );
  const skipped = drift.data.skippedResources[name];
  if (skipped)
    return (
      <span title={`Not compared: ${skipped.reason}`}>
        <Badge tone="warn">skipped</Badge>
      </span>
    );
  if (drift.data.consistentResources.includes(name)) return <Badge tone="ok">in sync</Badge>;
  return (
    <span title="The last drift check did not compare this object (it had no materialized config then)">
      <Badge tone="neutral">unknown</Badge>
    </span>
  );
}

export function StateBadge({ state }: { state: ConsoleObject["state"] | "IS_GOLDEN" | "NOT_GOLDEN" }) {
  if (state === "IS_GOLDEN") return <Badge tone="ok">golden</Badge>;
  if (state === "NOT_GOLDEN") return <Badge tone="warn">not golden</Badge>;
  return <Badge tone="neutral">no config</Badge>;
}

export function ObjectsTable() {
  const query = useConsoleObjects();
  const drift = useDrift();
  const params = useSearchParams();
  const pathname = usePathname();
  const kind = params.get("kind") ?? "";
  const namespace = params.get("ns") ?? "";
  const label = params.get("label") ?? "";
  const text = params.get("q") ?? "";
  const staleOnly = params.get("stale") === "1";

  function setParam(key: string, value: string) {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    // The History API keeps useSearchParams in sync without a server round trip per keystroke.
    window.history.replaceState(null, "", `${pathname}?${next}`);
  }

  const objects = query.data?.objects;
  const filtered = useMemo(() => {
    if (!objects) return [];
    const needle = text.toLowerCase();
    return objects.filter(
      (o) =>
        (!kind || o.kind === kind) &&
        (!namespace || (o.namespace || NO_NAMESPACE) === namespace) &&
        (!label || o.labels.includes(label)) &&
        (!staleOnly || o.stale) &&
        (!needle || o.name.includes(needle) || o.labels.some((l) => l.toLowerCase().includes(needle))),
    );
  }, [objects, kind, namespace, label, text, staleOnly]);
  const kinds = useMemo(() => [...new Set(objects?.map((o) => o.kind))].sort(), [objects]);
  const namespaces = useMemo(() => [...new Set(objects?.map((o) => o.namespace || NO_NAMESPACE))].sort(), [objects]);

  return (
    <div className="flex h-full flex-col">
      <div className="mb-2 flex flex-wrap items-center gap-2" role="search">
        <input
          aria-label="Filter objects"
          placeholder="Filter by name or label…"
          className={`${inputClass} w-72`}
          value={text}
          onChange={(e) => setParam("q", e.target.value)}
        />
        <select aria-label="Kind" className={inputClass} value={kind} onChange={(e) => setParam("kind", e.target.value)}>
          <option value="">All kinds</option>
          {kinds.map((k) => (
            <option key={k}>{k}</option>
          ))}
        </select>
        <select aria-label="Namespace" className={inputClass} value={namespace} onChange={(e) => setParam("ns", e.target.value)}>
          <option value="">All namespaces</option>
          {namespaces.map((n) => (
            <option key={n} value={n}>
              {n === NO_NAMESPACE ? "(none of its own)" : n}
            </option>
          ))}
        </select>
        <select aria-label="Label" className={inputClass} value={label} onChange={(e) => setParam("label", e.target.value)}>
          <option value="">All labels</option>
          {query.data?.labels.map((l) => (
            <option key={l.name} value={l.name}>
              {l.name} ({l.objects})
            </option>
          ))}
        </select>
        <label className="flex items-center gap-1 text-xs text-slate-600">
          <input type="checkbox" checked={staleOnly} onChange={(e) => setParam("stale", e.target.checked ? "1" : "")} /> stale only
        </label>
        <span className="ml-auto text-xs text-slate-500" data-testid="objects-count">
          {query.data ? `${filtered.length} of ${query.data.objects.length} objects` : ""}
          {query.data?.newestRelease && ` · newest release ${query.data.newestRelease}`}
        </span>
        {drift.isError && (
          <span role="alert" className="w-full text-right text-xs text-red-700" data-testid="drift-error">
            The drift check failed: {drift.error.message}
          </span>
        )}
      </div>
      <div className="flex min-h-0 flex-1 flex-col rounded-md border border-slate-200 bg-white" role="table" aria-label="Objects">
        <div role="row" className={`${GRID} h-8 border-b border-slate-200 text-xs font-semibold uppercase tracking-wide text-slate-500`}>
          <span role="columnheader">Name</span>
          <span role="columnheader">Kind</span>
          <span role="columnheader">Namespace</span>
          <span role="columnheader">Release</span>
          <span role="columnheader">Latest patch</span>
          <span role="columnheader">State</span>
          <span role="columnheader">Drift</span>
          <span role="columnheader">Labels</span>
        </div>
        <QueryState query={query}>
          {() =>
            filtered.length === 0 ? (
              <p className="px-3 py-4 text-slate-500">No objects match. Upload a release on the Base configs page.</p>
            ) : (
              <VirtualRows
                label="Object rows"
                items={filtered}
                rowHeight={ROW}
                height="100%"
                render={(o) => (
                  <div key={o.key} role="row" data-testid="object-row" className={`${GRID} border-b border-slate-100 hover:bg-slate-50`} style={{ height: ROW }}>
                    <Link role="cell" href={`/objects/${encodeURIComponent(o.name)}`} className="truncate font-mono text-xs text-sky-800 hover:underline">
                      {o.name}
                    </Link>
                    <span role="cell" className="truncate text-xs" title={o.apiGroup ? `${o.kind}.${o.apiGroup}` : o.kind}>
                      {o.kind}
                    </span>
                    <span role="cell" className="truncate font-mono text-xs" data-testid="object-namespace">
                      {o.namespace || <span className="text-slate-400">—</span>}
                    </span>
                    <span role="cell" className="flex items-center gap-1 font-mono text-xs">
                      {o.releaseVersion}
                      {o.stale && <Badge tone="warn">stale</Badge>}
                    </span>
                    <span role="cell" className="font-mono text-xs">{o.patchVersion || <span className="text-slate-400">base only</span>}</span>
                    <span role="cell"><StateBadge state={o.state} /></span>
                    <span role="cell" data-testid="drift">
                      <DriftBadge drift={drift} name={o.name} />
                    </span>
                    <span role="cell" className="flex gap-1 overflow-hidden">
                      {o.labels.map((l) => (
                        <button
                          key={l}
                          type="button"
                          onClick={() => setParam("label", l)}
                          className={`rounded px-1 text-xs ${l === o.kind ? "bg-slate-100 text-slate-500" : "bg-sky-50 text-sky-800 ring-1 ring-sky-200"}`}
                        >
                          {l}
                        </button>
                      ))}
                    </span>
                  </div>
                )}
              />
            )
          }
        </QueryState>
      </div>
    </div>
  );
}
