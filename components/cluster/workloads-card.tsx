"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { queryKeys } from "@/components/query-keys";
import { apiFetch } from "@/components/ui/api";
import { Badge, Button, Card } from "@/components/ui/card";
import { QueryState } from "@/components/ui/query-state";
import { Confirm, ErrorLine } from "./confirm";
import type { ClusterView, Envelope, JobView, PodView } from "./types";
import { post, useClusterMutation } from "./use-cluster-mutation";

type PodAction = { kind: "delete" | "quarantine"; pod: PodView };

/** Workloads with desired/ready replicas and their pods (refreshed every 3 s), pod actions, Jobs. */
export function WorkloadsCard() {
  const view = useQuery({
    queryKey: queryKeys.clusterWorkloads(),
    queryFn: () => apiFetch<Envelope<ClusterView>>("/kube/workloads"),
    refetchInterval: 3_000,
  });
  const [action, setAction] = useState<PodAction | null>(null);
  const [logsOf, setLogsOf] = useState<PodView | null>(null);
  const [jobToDelete, setJobToDelete] = useState<JobView | null>(null);
  const podAction = useClusterMutation((a: PodAction) =>
    apiFetch(`/kube/pod/${a.kind}`, post({ pod: a.pod.name, namespace: a.pod.namespace })),
  );
  const deleteJob = useClusterMutation((job: { name: string; namespace: string }) =>
    apiFetch(`/kube/job/${encodeURIComponent(job.name)}?namespace=${encodeURIComponent(job.namespace)}`, { method: "DELETE" }),
  );

  const podRow = (pod: PodView) => (
    <li key={pod.name} className="flex items-center gap-2 py-0.5" data-testid={`pod-${pod.name}`}>
      <span className="font-mono text-xs">{pod.name}</span>
      <Badge tone={pod.ready ? "ok" : pod.phase === "Terminating" ? "neutral" : "warn"}>{pod.ready ? "Ready" : pod.phase}</Badge>
      {pod.quarantined && <Badge tone="error">Quarantined</Badge>}
      {pod.restarts > 0 && <span className="text-xs text-slate-500">{pod.restarts} restarts</span>}
      <span className="ml-auto flex gap-1">
        <Button variant="secondary" className="px-2 py-0.5 text-xs" onClick={() => setLogsOf(pod)} aria-label={`Logs of ${pod.name}`}>
          Logs
        </Button>
        {!pod.quarantined && (
          <Button variant="secondary" className="px-2 py-0.5 text-xs" onClick={() => setAction({ kind: "quarantine", pod })} aria-label={`Quarantine ${pod.name}`}>
            Quarantine
          </Button>
        )}
        <Button variant="secondary" className="px-2 py-0.5 text-xs" onClick={() => setAction({ kind: "delete", pod })} aria-label={`Delete ${pod.name}`}>
          Delete
        </Button>
      </span>
    </li>
  );

  return (
    <Card title="Workloads">
      <QueryState query={view}>
        {({ data }) => (
          <div className="space-y-3">
            <p className="text-xs text-slate-500">Namespaces: {data.namespaces.join(", ")} · refreshed every 3 s</p>
            <table className="w-full text-sm" data-testid="workloads">
              <thead>
                <tr className="text-left text-xs uppercase text-slate-500">
                  <th className="py-1">Workload</th>
                  <th>Desired</th>
                  <th>Ready</th>
                  <th>Autoscaling</th>
                  <th className="w-1/2">Pods</th>
                </tr>
              </thead>
              <tbody>
                {data.workloads.map((w) => (
                  <tr key={`${w.kind}/${w.namespace}/${w.name}`} className="border-t border-slate-100 align-top" data-testid={`workload-${w.name}`}>
                    <td className="py-1">
                      <div className="font-mono text-xs">{w.name}</div>
                      <div className="text-xs text-slate-500">
                        {w.kind} · {w.namespace}
                      </div>
                    </td>
                    <td data-testid="desired">{w.desired}</td>
                    <td data-testid="ready">
                      <Badge tone={w.ready === w.desired ? "ok" : "warn"}>{w.ready}</Badge>
                    </td>
                    <td className="text-xs">
                      {w.hpa && <div>HPA {w.hpa.min}–{w.hpa.max ?? "?"}</div>}
                      {w.controllers.map((c) => (
                        <div key={c}>{c}</div>
                      ))}
                    </td>
                    <td>
                      <ul>{w.pods.map(podRow)}</ul>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {data.otherPods.length > 0 && (
              <div>
                <h3 className="text-xs font-semibold uppercase text-slate-500">Other pods (quarantined or unowned)</h3>
                <ul data-testid="other-pods">{data.otherPods.map(podRow)}</ul>
              </div>
            )}
            <div>
              <h3 className="text-xs font-semibold uppercase text-slate-500">Jobs</h3>
              {data.jobs.length === 0 ? (
                <p className="text-sm text-slate-400">No jobs.</p>
              ) : (
                <ul data-testid="jobs">
                  {data.jobs.map((j) => (
                    <li key={`${j.namespace}/${j.name}`} className="flex items-center gap-2 py-0.5">
                      <span className="font-mono text-xs">{j.name}</span>
                      <Badge tone={j.complete ? "ok" : j.failed ? "error" : "neutral"}>
                        {j.complete ? "Complete" : `${j.active} active · ${j.succeeded} succeeded · ${j.failed} failed`}
                      </Badge>
                      <Button variant="secondary" className="ml-auto px-2 py-0.5 text-xs" onClick={() => setJobToDelete(j)} aria-label={`Delete job ${j.name}`}>
                        Delete…
                      </Button>
                    </li>
                  ))}
                </ul>
              )}
              <ErrorLine error={deleteJob.error} />
            </div>
          </div>
        )}
      </QueryState>
      {action && (
        <Confirm
          title={action.kind === "delete" ? `Delete pod ${action.pod.name}?` : `Quarantine pod ${action.pod.name}?`}
          confirmLabel={action.kind === "delete" ? "Delete pod" : "Quarantine pod"}
          busy={podAction.isPending}
          onCancel={() => setAction(null)}
          onConfirm={() => podAction.mutate(action, { onSuccess: () => setAction(null) })}
        >
          {action.kind === "delete"
            ? "The pod is deleted; its owner (if any) starts a replacement."
            : "The pod loses the labels its Service and owner select on and is labelled quarantined: it stops receiving traffic, a replacement starts, and it keeps running for inspection."}
        </Confirm>
      )}
      <ErrorLine error={podAction.error} />
      {jobToDelete && (
        <Confirm
          title={`Delete job ${jobToDelete.name}?`}
          confirmLabel="Delete job"
          busy={deleteJob.isPending}
          onCancel={() => setJobToDelete(null)}
          onConfirm={() => deleteJob.mutate(jobToDelete, { onSuccess: () => setJobToDelete(null) })}
        >
          The Job and its pods are deleted ({jobToDelete.active} active); it does not run again.
        </Confirm>
      )}
      {logsOf && <PodLogs pod={logsOf} onClose={() => setLogsOf(null)} />}
    </Card>
  );
}

function PodLogs({ pod, onClose }: { pod: PodView; onClose: () => void }) {
  const logs = useQuery({
    queryKey: queryKeys.podLogs(pod.namespace, pod.name),
    queryFn: () => apiFetch<Envelope<{ logs: string }>>(`/kube/pod/logs?pod=${encodeURIComponent(pod.name)}&namespace=${encodeURIComponent(pod.namespace)}&tailLines=200`),
    refetchInterval: 5_000,
  });
  return (
    <div className="mt-3 rounded border border-slate-200" role="region" aria-label={`Logs of ${pod.name}`}>
      <div className="flex items-center justify-between border-b border-slate-200 px-2 py-1 text-xs">
        <span className="font-mono">{pod.name}</span>
        <Button variant="secondary" className="px-2 py-0.5 text-xs" onClick={onClose}>
          Close
        </Button>
      </div>
      <pre className="max-h-64 overflow-auto bg-slate-950 p-2 text-xs text-slate-100" data-testid="pod-logs">
        <QueryState query={logs}>{({ data }) => data.logs || "(no output yet)"}</QueryState>
      </pre>
    </div>
  );
}
