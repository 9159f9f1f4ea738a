"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { queryKeys } from "@/components/query-keys";
import { apiFetch } from "@/components/ui/api";
import { Badge } from "@/components/ui/card";
import { CodeDiff } from "@/components/ui/monaco";
import { formatTime } from "@/components/ui/page-header";
import { QueryState } from "@/components/ui/query-state";
import { diffStats, lineDiff } from "./diff";
import type { ConfigView, Envelope } from "./types";

/**
 * Time travel: every materialized version of the object (newest first) and a side-by-side diff
 * of two of them. The pair is in the URL (`from`, `to`: patch versions, read with the
 * `configs/OBJECT/at/VERSION` semantics), so a diff can be shared.
 */
export function ConfigHistory({ name, from, to }: { name: string; from: number | null; to: number | null }) {
  const history = useQuery({
    queryKey: queryKeys.configHistory(name),
    queryFn: async () => (await apiFetch<Envelope<{ configs: ConfigView[] }>>(`/configs/${encodeURIComponent(name)}/history`)).data.configs,
  });
  const versions = history.data?.map((c) => c.patchVersion);
  const toVersion = to ?? versions?.[0] ?? null;
  const fromVersion = from ?? versions?.find((v) => toVersion !== null && v < toVersion) ?? versions?.[1] ?? toVersion;
  const left = useAt(name, fromVersion);
  const right = useAt(name, toVersion);
  const href = (f: number | null, t: number | null) => `/objects/${encodeURIComponent(name)}?tab=history&from=${f ?? ""}&to=${t ?? ""}`;

  return (
    <div className="grid grid-cols-1 gap-3 xl:grid-cols-[24rem_1fr]">
      <section className="rounded-md border border-slate-200 bg-white" aria-label="History">
        <h2 className="flex items-center justify-between border-b border-slate-200 px-3 py-2 text-xs font-semibold uppercase tracking-wide text-slate-500">
          <span>Materialized versions</span>
          <span className="font-normal normal-case">A = before · B = after</span>
        </h2>
        <QueryState query={history}>
          {(configs) => (
            <ol className="max-h-[calc(100vh-14rem)] divide-y divide-slate-100 overflow-auto" data-testid="history-list">
              {configs.map((c, i) => (
                <li key={`${c.timestampMS}`} className="flex items-center gap-2 px-3 py-1.5 text-xs" data-testid="history-entry">
                  <Link
                    aria-label={`Compare from ${c.patchVersion}`}
                    href={href(c.patchVersion, toVersion)}
                    className={`w-5 rounded text-center font-semibold ${c.patchVersion === fromVersion ? "bg-red-100 text-red-800" : "text-slate-400 hover:bg-slate-100"}`}
                  >
                    A
                  </Link>
                  <Link
                    aria-label={`Compare to ${c.patchVersion}`}
                    href={href(fromVersion, c.patchVersion)}
                    className={`w-5 rounded text-center font-semibold ${c.patchVersion === toVersion ? "bg-emerald-100 text-emerald-800" : "text-slate-400 hover:bg-slate-100"}`}
                  >
                    B
                  </Link>
                  <span className="min-w-0 flex-1">
                    <span className="block font-mono">{c.patchVersion ? `patch ${c.patchVersion}` : "base only"}</span>
                    <span className="block text-slate-500">
                      release {c.releaseVersion} · {formatTime(c.timestampMS)}
                    </span>
                  </span>
                  {i === 0 && <Badge tone="neutral">latest</Badge>}
                  {c.state === "IS_GOLDEN" && <Badge tone="ok">golden</Badge>}
                </li>
              ))}
            </ol>
          )}
        </QueryState>
      </section>
      <section className="min-w-0" aria-label="Diff">
        <div className="mb-2 flex items-center gap-3 text-xs text-slate-600" data-testid="history-diff-header">
          <span>
            A: <span className="font-mono">{fromVersion === null ? "–" : fromVersion || "base"}</span>
          </span>
          <span>→</span>
          <span>
            B: <span className="font-mono">{toVersion === null ? "–" : toVersion || "base"}</span>
          </span>
          {left.data && right.data && <DiffCount before={left.data.config} after={right.data.config} />}
        </div>
        {left.isError && <p role="alert" className="text-red-700">A: {left.error.message}</p>}
        {right.isError && <p role="alert" className="text-red-700">B: {right.error.message}</p>}
        {left.data && right.data ? (
          <CodeDiff height="calc(100vh - 15rem)" language="yaml" original={left.data.config} modified={right.data.config} />
        ) : (
          !left.isError && !right.isError && <span className="text-slate-400">Loading…</span>
        )}
      </section>
    </div>
  );
}

function useAt(name: string, version: number | null) {
  return useQuery({
    queryKey: queryKeys.configAt(name, version ?? -1),
    queryFn: async () => (await apiFetch<Envelope<ConfigView>>(`/configs/${encodeURIComponent(name)}/at/${version}`)).data,
    enabled: version !== null,
  });
}

export function DiffCount({ before, after }: { before: string; after: string }) {
  const stats = diffStats(lineDiff(before, after));
  return (
    <span className="font-mono" data-testid="diff-count">
      <span className="text-emerald-700">+{stats.added}</span> <span className="text-red-700">−{stats.removed}</span>
    </span>
  );
}
