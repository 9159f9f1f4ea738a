"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import { type DeleteImpact, type Envelope, type PatchView, patchMetadata } from "@/components/configs/types";
import { queryKeys } from "@/components/query-keys";
import { type ApplyOutcome, apiFetch, applyFetch } from "@/components/ui/api";
import { Badge, Button } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { CodeEditor } from "@/components/ui/monaco";
import { inputClass } from "@/components/ui/page-header";
import { ErrorNote, OutcomeReport } from "@/components/ui/outcome";
import { QueryState } from "@/components/ui/query-state";
import { ImpactPreview } from "./impact-preview";

/**
 * Every patch, searchable with `patches/search` and filtered by target; a selected patch shows its
 * body and can be deleted after the same impact preview as the editor's. Filters and the
 * selection are in the URL.
 */
export function PatchesList() {
  const params = useSearchParams();
  const pathname = usePathname();
  const target = params.get("target") ?? "";
  const q = params.get("q") ?? "";
  const caseSensitive = params.get("case") === "1";
  const selected = params.get("version") ? Number(params.get("version")) : null;
  const [typed, setTyped] = useState(q);
  const [deleted, setDeleted] = useState<{ version: number; outcome: ApplyOutcome } | null>(null);

  function setParams(changes: Record<string, string>) {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    // The History API keeps useSearchParams in sync without a server round trip per keystroke.
    window.history.replaceState(null, "", `${pathname}?${next}`);
  }
  useEffect(() => {
    const timer = setTimeout(() => typed !== q && setParams({ q: typed }), 300);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- setParams reads the current URL
  }, [typed]);

  const all = useQuery({
    queryKey: queryKeys.patches(),
    queryFn: async () => (await apiFetch<Envelope<{ patches: PatchView[] }>>("/patches")).data.patches,
  });
  const search = useQuery({
    queryKey: queryKeys.patchSearch(q, caseSensitive),
    enabled: q.length > 0,
    queryFn: async () => {
      const url = `/patches/search?query=${encodeURIComponent(q)}&caseSensitive=${caseSensitive}&limit=10000`;
      const found = (await apiFetch<{ patches: (Omit<PatchView, "version"> & { version: string })[] }>(url)).patches;
      return new Set(found.map((p) => Number(p.version)));
    },
  });
  const targets = useMemo(() => [...new Set(all.data?.map((p) => p.target))].sort(), [all.data]);
  const rows = useMemo(() => {
    const list = (all.data ?? []).filter((p) => (!target || p.target === target) && (!q || search.data?.has(p.version)));
    return [...list].reverse();
  }, [all.data, target, q, search.data]);
  const current = all.data?.find((p) => p.version === selected) ?? null;

  return (
    <div className="grid grid-cols-1 gap-4 xl:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
      <section className="flex min-w-0 flex-col gap-2" aria-label="Patches">
        <div className="flex flex-wrap items-center gap-2" role="search">
          <input aria-label="Search patches" placeholder="Search body, description, target…" className={`${inputClass} w-72`} value={typed} onChange={(e) => setTyped(e.target.value)} />
          <label className="flex items-center gap-1 text-xs text-slate-600">
            <input type="checkbox" checked={caseSensitive} onChange={(e) => setParams({ case: e.target.checked ? "1" : "" })} /> case-sensitive
          </label>
          <select aria-label="Target filter" className={inputClass} value={target} onChange={(e) => setParams({ target: e.target.value })}>
            <option value="">All targets</option>
            {targets.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
          <span className="ml-auto text-xs text-slate-500" data-testid="patches-count">
            {all.data && `${rows.length} of ${all.data.length} patches`}
            {search.isFetching && " · searching…"}
          </span>
        </div>
        {search.isError && <ErrorNote error={search.error} />}
        <div className="max-h-[calc(100vh-12rem)] overflow-auto rounded-md border border-slate-200 bg-white">
          <QueryState query={all}>
            {() =>
              rows.length === 0 ? (
                <p className="px-3 py-4 text-slate-500">No patches{q || target ? " match" : " yet"}.</p>
              ) : (
                <table className="w-full text-xs" data-testid="patches-table">
                  <thead className="sticky top-0 bg-slate-50 text-left text-slate-500">
                    <tr>
                      <th className="px-3 py-1.5">Version</th>
                      <th>Target</th>
                      <th>Type</th>
                      <th>Description</th>
                      <th>By</th>
                      <th className="pr-3">State</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((p) => {
                      const meta = patchMetadata(p);
                      return (
                        <tr
                          key={p.version}
                          data-testid="patch-row"
                          aria-selected={p.version === selected}
                          className={`cursor-pointer border-t border-slate-100 ${p.version === selected ? "bg-sky-50" : "hover:bg-slate-50"}`}
                          onClick={() => setParams({ version: String(p.version) })}
                        >
                          <td className="px-3 py-1.5 font-mono">
                            <Link href={`${pathname}?${new URLSearchParams({ ...Object.fromEntries(params), version: String(p.version) })}`} scroll={false}>
                              {p.version}
                            </Link>
                          </td>
                          <td className="font-mono">{p.target}</td>
                          <td>
                            {meta.type} · {meta.format ?? "YAML"}
                            {meta.isEncrypted && " · encrypted"}
                          </td>
                          <td className="max-w-64 truncate">{p.description}</td>
                          <td className="max-w-32 truncate">{meta.createdBy}</td>
                          <td className="pr-3">{p.state === "IS_GOLDEN" ? <Badge tone="ok">golden</Badge> : <Badge tone="warn">not golden</Badge>}</td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              )
            }
          </QueryState>
        </div>
      </section>
      <section className="min-w-0" aria-label="Selected patch">
        {deleted && (
          <div className="mb-3">
            <OutcomeReport outcome={deleted.outcome} title={`Delete patch ${deleted.version}`} />
          </div>
        )}
        {current ? (
          <PatchDetail
            key={current.version}
            patch={current}
            onDeleted={(outcome) => {
              setDeleted({ version: current.version, outcome });
              setParams({ version: "" });
            }}
          />
        ) : (
          <p className="text-slate-400">{selected ? `Patch ${selected} is not in the store (deleted?).` : "Select a patch to see its body and delete it."}</p>
        )}
      </section>
    </div>
  );
}

function PatchDetail({ patch, onDeleted }: { patch: PatchView; onDeleted: (outcome: ApplyOutcome) => void }) {
  const queryClient = useQueryClient();
  const meta = patchMetadata(patch);
  const [previewing, setPreviewing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const impact = useQuery({
    queryKey: queryKeys.deleteImpact(patch.version),
    enabled: previewing,
    queryFn: async () => (await apiFetch<Envelope<DeleteImpact>>(`/console/patches/${patch.version}/delete-impact`)).data,
  });
  const remove = useMutation({
    mutationFn: () => applyFetch(`/patches/${patch.version}`, { method: "DELETE" }),
    onSuccess: onDeleted,
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.configStore() }),
  });
  const lines = patch.patch.split("\n").length;
  return (
    <div className="flex flex-col gap-2" data-testid="patch-detail">
      <div className="flex flex-wrap items-center gap-2 text-xs text-slate-600">
        <span className="font-mono text-sm text-slate-900">{patch.version}</span>
        <span>
          target <span className="font-mono">{patch.target}</span>
        </span>
        <span>{meta.format ?? "YAML"}</span>
        {meta.createdBy && <span>by {meta.createdBy}</span>}
        {meta.isEncrypted && <Badge tone="neutral">Secret: values redacted</Badge>}
        <span className="ml-auto" />
        {!previewing && (
          <Button variant="secondary" onClick={() => setPreviewing(true)}>
            Delete…
          </Button>
        )}
      </div>
      {patch.description && <p className="text-sm">{patch.description}</p>}
      <CodeEditor height={Math.min(320, lines * 18 + 12)} language={meta.format === "JSON" ? "json" : "yaml"} value={patch.patch} options={{ readOnly: true, domReadOnly: true }} />
      {previewing && (
        <div className="flex flex-col gap-2 rounded-md border border-red-200 bg-red-50/40 p-2">
          <div className="flex items-center gap-2">
            <h2 className="text-xs font-semibold uppercase tracking-wide text-red-800">Delete preview</h2>
            <span className="ml-auto" />
            <Button variant="secondary" onClick={() => setPreviewing(false)}>
              Cancel
            </Button>
            <Button className="!bg-red-700 hover:!bg-red-600" disabled={!impact.data || remove.isPending} onClick={() => setConfirming(true)}>
              {remove.isPending ? "Deleting…" : "Delete patch"}
            </Button>
          </div>
          <QueryState query={impact}>{(data) => <ImpactPreview entries={data.entries} skipped={[]} />}</QueryState>
        </div>
      )}
      <ErrorNote error={remove.error} />
      <ConfirmDialog
        open={confirming}
        danger
        title={`Delete patch ${patch.version}?`}
        confirmLabel="Delete"
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          remove.mutate();
        }}
      >
        The patch leaves the store (its row stays as history) and <strong>{impact.data?.entries.length ?? 0}</strong> object(s) are re-materialized without it and pushed
        to the cluster.
      </ConfirmDialog>
    </div>
  );
}
