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

/** Which two history entries to diff, as the URL gives them (entry timestamps, or a patch version). */
export type HistoryPair = { from: number | null; to: number | null; patch: number | null };

/**
 * Time travel: every materialized version of the object (newest first) and a side-by-side diff of
 * two of them, both sides taken from the history itself. Several entries can share a patch version
 * (a label binding, a release upgrade, a patch deleted), so an entry is named by its timestamp —
 * unique per object, each write's entry is later than the one before — and the pair is in the URL
 * (`from`, `to`), so a diff can be shared. `patch=V` (the Patches tab's links) diffs the entry where
 * patch V took effect against the one before it. Without either, B is the newest entry and A the
 * newest earlier one with a different text: the last change.
 */
export function ConfigHistory({ name, pair }: { name: string; pair: HistoryPair }) {
  const history = useQuery({
    queryKey: queryKeys.configHistory(name),
    queryFn: async () => (await apiFetch<Envelope<{ configs: ConfigView[] }>>(`/configs/${encodeURIComponent(name)}/history`)).data.configs,
  });
  const configs = history.data ?? [];
  const { a, b } = pickPair(configs, pair);
  const href = (from: ConfigView | undefined, to: ConfigView | undefined) =>
    `/objects/${encodeURIComponent(name)}?tab=history&from=${from?.timestampMS ?? ""}&to=${to?.timestampMS ?? ""}`;

  return (
    <div className="grid grid-cols-1 gap-3 xl:grid-cols-[24rem_1fr]">
      <section className="rounded-md border border-slate-200 bg-white" aria-label="History">
        <h2 className="flex items-center justify-between border-b border-slate-200 px-3 py-2 text-xs font-semibold uppercase tracking-wide text-slate-500">
          <span>Materialized versions</span>
          <span className="font-normal normal-case">A = before · B = after</span>
        </h2>
        <QueryState query={history}>
          {(list) => (
            <ol className="max-h-[calc(100vh-14rem)] divide-y divide-slate-100 overflow-auto" data-testid="history-list">
              {list.map((c, i) => (
                <li key={c.timestampMS} className="flex items-center gap-2 px-3 py-1.5 text-xs" data-testid="history-entry">
                  <Link
                    aria-label={`Compare from ${entryName(c)} at ${formatTime(c.timestampMS)}`}
                    aria-current={c === a || undefined}
                    href={href(c, b)}
                    className={`w-5 rounded text-center font-semibold ${c === a ? "bg-red-100 text-red-800" : "text-slate-400 hover:bg-slate-100"}`}
                  >
                    A
                  </Link>
                  <Link
                    aria-label={`Compare to ${entryName(c)} at ${formatTime(c.timestampMS)}`}
                    aria-current={c === b || undefined}
                    href={href(a, c)}
                    className={`w-5 rounded text-center font-semibold ${c === b ? "bg-emerald-100 text-emerald-800" : "text-slate-400 hover:bg-slate-100"}`}
                  >
                    B
                  </Link>
                  <span className="min-w-0 flex-1">
                    <span className="block font-mono">{entryName(c)}</span>
                    <span className="block text-slate-500">
                      {entryChange(c, list[i + 1])} · {formatTime(c.timestampMS)}
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
        <div className="mb-2 flex flex-wrap items-center gap-3 text-xs text-slate-600" data-testid="history-diff-header">
          <span>
            A: <span className="font-mono">{a ? `${entryName(a)} · ${formatTime(a.timestampMS)}` : "–"}</span>
          </span>
          <span>→</span>
          <span>
            B: <span className="font-mono">{b ? `${entryName(b)} · ${formatTime(b.timestampMS)}` : "–"}</span>
          </span>
          {a && b && <DiffCount before={a.config} after={b.config} />}
        </div>
        {history.isPending && <span className="text-slate-400">Loading…</span>}
        {history.isError && (
          <p role="alert" className="text-red-700">
            Cannot show a diff: {history.error.message}
          </p>
        )}
        {history.isSuccess && (!a || !b) && (
          <p role="alert" className="text-amber-800">
            The link names a version this object&apos;s history does not have: pick A and B in the list.
          </p>
        )}
        {a && b && <CodeDiff height="calc(100vh - 15rem)" language="yaml" original={a.config} modified={b.config} />}
      </section>
    </div>
  );
}

/** The entries to diff (history newest first); undefined when the URL names one the history lacks. */
function pickPair(configs: readonly ConfigView[], pair: HistoryPair): { a?: ConfigView; b?: ConfigView } {
  const at = (timestampMS: number) => configs.find((c) => c.timestampMS === timestampMS);
  if (pair.from !== null || pair.to !== null) {
    const b = pair.to === null ? configs[0] : at(pair.to);
    const a = pair.from === null ? (b && configs[configs.indexOf(b) + 1]) ?? b : at(pair.from);
    return { a, b };
  }
  if (pair.patch !== null) {
    // The oldest entry with that patch version is the one where it took effect.
    const applied = configs.findLastIndex((c) => c.patchVersion === pair.patch);
    if (applied < 0) return {};
    return { a: configs[applied + 1] ?? configs[applied], b: configs[applied] };
  }
  const b = configs[0];
  return { a: configs.find((c) => c.config !== b?.config) ?? configs[1] ?? b, b };
}

function entryName(c: ConfigView): string {
  return c.patchVersion ? `patch ${c.patchVersion}` : "base only";
}

/** What made this entry, from the one before it. */
function entryChange(c: ConfigView, older: ConfigView | undefined): string {
  if (!older) return `release ${c.releaseVersion}`;
  if (c.releaseVersion !== older.releaseVersion) return `release ${older.releaseVersion} → ${c.releaseVersion}`;
  if (c.patchVersion > older.patchVersion) return `patch ${c.patchVersion} applied · release ${c.releaseVersion}`;
  if (c.patchVersion < older.patchVersion) return `patch ${older.patchVersion} removed · release ${c.releaseVersion}`;
  return `re-materialized${c.config === older.config ? " (same text)" : ""} · release ${c.releaseVersion}`;
}

export function DiffCount({ before, after }: { before: string; after: string }) {
  const stats = diffStats(lineDiff(before, after));
  return (
    <span className="font-mono" data-testid="diff-count">
      <span className="text-emerald-700">+{stats.added}</span> <span className="text-red-700">−{stats.removed}</span>
    </span>
  );
}
