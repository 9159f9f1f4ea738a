"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { queryKeys } from "@/components/query-keys";
import { apiFetch } from "@/components/ui/api";
import { Badge, Button, Card } from "@/components/ui/card";
import { QueryState } from "@/components/ui/query-state";
import { ErrorLine } from "./confirm";
import type { Drift, Envelope, PushAnswer } from "./types";
import { post, useClusterMutation } from "./use-cluster-mutation";

/** Drift grouped by object: the diff rows, re-apply the golden config, or record the live values as a patch. */
export function DriftCard() {
  const drift = useQuery({ queryKey: queryKeys.clusterDrift(), queryFn: () => apiFetch<Drift>("/configs/k8s-inconsistencies") });
  const reapply = useClusterMutation((object: string) => apiFetch<Envelope<PushAnswer>>(`/deployment/update/${encodeURIComponent(object)}`, post()));
  const [patchFor, setPatchFor] = useState<string | null>(null);
  return (
    <Card
      title="Drift"
      actions={
        <Button variant="secondary" className="px-2 py-0.5 text-xs" onClick={() => drift.refetch()} disabled={drift.isFetching}>
          {drift.isFetching ? "Checking…" : "Check again"}
        </Button>
      }
    >
      <QueryState query={drift}>
        {(data) => (
          <div data-testid="drift">
            <p className="text-sm">
              <Badge tone={data.numInconsistencies ? "warn" : "ok"}>{data.numInconsistencies} inconsistent</Badge>{" "}
              <span className="text-slate-500">
                {data.consistentResources.length} consistent · {Object.keys(data.skippedResources).length} skipped
              </span>
            </p>
            {Object.entries(data.inconsistentResources).map(([object, { diffRows }]) => (
              <section key={object} className="mt-3 rounded border border-slate-200" data-testid={`drift-${object}`}>
                <header className="flex items-center gap-2 border-b border-slate-200 px-2 py-1">
                  <span className="font-mono text-sm">{object}</span>
                  <span className="ml-auto flex gap-1">
                    <Button className="px-2 py-0.5 text-xs" onClick={() => reapply.mutate(object)} disabled={reapply.isPending} aria-label={`Re-apply ${object}`}>
                      Re-apply golden config
                    </Button>
                    <Button variant="secondary" className="px-2 py-0.5 text-xs" onClick={() => setPatchFor(object)} aria-label={`Keep live values of ${object}`}>
                      Keep live values as patch…
                    </Button>
                  </span>
                </header>
                <table className="w-full text-xs">
                  <thead>
                    <tr className="text-left uppercase text-slate-500">
                      <th className="px-2">Key</th>
                      <th>Expected</th>
                      <th>Live</th>
                    </tr>
                  </thead>
                  <tbody>
                    {diffRows.map((row) => (
                      <tr key={row.key} className="border-t border-slate-100 font-mono">
                        <td className="px-2 py-0.5">{row.key}</td>
                        <td className="text-emerald-800">{row.expected}</td>
                        <td className="text-red-700">{row.got}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                {patchFor === object && <LivePatch object={object} onDone={() => setPatchFor(null)} />}
              </section>
            ))}
            {Object.keys(data.skippedResources).length > 0 && (
              <ul className="mt-3 text-xs text-slate-500">
                {Object.entries(data.skippedResources).map(([name, skip]) => (
                  <li key={name}>
                    <span className="font-mono">{name}</span> skipped (code {skip.code}): {skip.reason}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </QueryState>
      {reapply.isSuccess && (
        <p className="mt-2 text-sm text-emerald-700" role="status">
          Re-applied {reapply.data.data.successful_apply.join(", ") || "nothing"}
        </p>
      )}
      <ErrorLine error={reapply.error} />
    </Card>
  );
}

function LivePatch({ object, onDone }: { object: string; onDone: () => void }) {
  const proposal = useQuery({
    queryKey: queryKeys.clusterLivePatch(object),
    queryFn: () => apiFetch<Envelope<{ patch: string | null; reason: string | null }>>(`/configs/k8s-inconsistencies/${encodeURIComponent(object)}`),
  });
  const record = useClusterMutation((patch: string) =>
    apiFetch("/patches/apply", post({ patch, description: `Keep the live values of ${object} (from the drift view)` })),
  );
  return (
    <div className="border-t border-slate-200 p-2" role="region" aria-label={`Patch from live values of ${object}`}>
      <QueryState query={proposal}>
        {({ data }) =>
          data.patch ? (
            <div>
              <p className="mb-1 text-xs text-slate-500">This patch makes the stored config match the cluster:</p>
              <pre className="overflow-auto rounded bg-slate-50 p-2 text-xs" data-testid="live-patch">
                {data.patch}
              </pre>
              <div className="mt-2 flex gap-2">
                <Button className="px-2 py-0.5 text-xs" onClick={() => record.mutate(data.patch!, { onSuccess: onDone })} disabled={record.isPending}>
                  Record patch
                </Button>
                <Button variant="secondary" className="px-2 py-0.5 text-xs" onClick={onDone}>
                  Cancel
                </Button>
              </div>
            </div>
          ) : (
            <p className="text-xs text-slate-500">{data.reason}</p>
          )
        }
      </QueryState>
      <ErrorLine error={record.error} />
    </div>
  );
}
