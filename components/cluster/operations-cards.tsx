"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { queryKeys } from "@/components/query-keys";
import { apiFetch } from "@/components/ui/api";
import { Badge, Button, Card } from "@/components/ui/card";
import { QueryState } from "@/components/ui/query-state";
import { Confirm, ErrorLine } from "./confirm";
import type { ClusterView, ControllerDetail, Envelope, Hibernation, SizePreview, Sizes } from "./types";
import { post, useClusterMutation } from "./use-cluster-mutation";

/** Hibernate / revive, with a confirmation listing what will change. */
export function HibernationCard() {
  const state = useQuery({ queryKey: queryKeys.clusterHibernation(), queryFn: () => apiFetch<Envelope<Hibernation>>("/deployment/hibernation") });
  const workloads = useQuery({ queryKey: queryKeys.clusterWorkloads(), queryFn: () => apiFetch<Envelope<ClusterView>>("/kube/workloads") });
  const [confirming, setConfirming] = useState<"hibernate" | "revive" | null>(null);
  const run = useClusterMutation((what: "hibernate" | "revive") => apiFetch(`/deployment/${what}`, post()));
  return (
    <Card title="Hibernation">
      <QueryState query={state}>
        {({ data }) => (
          <div>
            <div className="flex items-center gap-2" data-testid="hibernation-state">
              {data.hibernated ? <Badge tone="warn">Hibernated</Badge> : <Badge tone="ok">Running</Badge>}
              {data.hibernated && (
                <span className="text-xs text-slate-500">
                  since {data.since} by {data.by}
                </span>
              )}
            </div>
            <div className="mt-2 flex gap-2">
              <Button onClick={() => setConfirming("hibernate")}>Hibernate…</Button>
              <Button variant="secondary" onClick={() => setConfirming("revive")} disabled={data.workloads.length === 0 && !data.hibernated}>
                Revive…
              </Button>
            </div>
            {confirming === "hibernate" && (
              <Confirm
                title="Hibernate the cluster?"
                confirmLabel="Hibernate"
                busy={run.isPending}
                onCancel={() => setConfirming(null)}
                onConfirm={() => run.mutate("hibernate", { onSuccess: () => setConfirming(null) })}
              >
                <p className="mb-1">
                  Every Deployment and StatefulSet but the Deployment Manager itself is scaled to 0; their replicas are recorded for revive:
                </p>
                <ul data-testid="hibernate-changes">
                  {(workloads.data?.data.workloads ?? []).filter((w) => !w.manager).map((w) => (
                    <li key={`${w.namespace}/${w.name}`} className="font-mono text-xs">
                      {w.name}: {w.desired} → 0
                    </li>
                  ))}
                </ul>
              </Confirm>
            )}
            {confirming === "revive" && (
              <Confirm
                title="Revive the cluster?"
                confirmLabel="Revive"
                busy={run.isPending}
                onCancel={() => setConfirming(null)}
                onConfirm={() => run.mutate("revive", { onSuccess: () => setConfirming(null) })}
              >
                <p className="mb-1">The recorded replicas are restored:</p>
                <ul data-testid="revive-changes">
                  {data.workloads.map((w) => (
                    <li key={`${w.kind}/${w.namespace}/${w.name}`} className="font-mono text-xs">
                      {w.name}: 0 → {w.replicas}
                    </li>
                  ))}
                </ul>
              </Confirm>
            )}
            <ErrorLine error={run.error} />
          </div>
        )}
      </QueryState>
    </Card>
  );
}

/** Cluster size presets: choose one, preview the change per workload, apply (recorded as patches). */
export function SizeCard() {
  const sizes = useQuery({ queryKey: queryKeys.clusterSizes(), queryFn: () => apiFetch<Envelope<Sizes>>("/resourcing/cluster") });
  const [size, setSize] = useState<string>("");
  const preview = useQuery({
    queryKey: queryKeys.clusterSizePreview(size),
    queryFn: () => apiFetch<Envelope<SizePreview>>(`/resourcing/cluster/${size}?dry_run=true`, post()),
    enabled: size !== "",
  });
  const apply = useClusterMutation((s: string) => apiFetch<Envelope<{ successful_apply: string[]; failed_to_apply: Record<string, string> }>>(`/resourcing/cluster/${s}`, post()));
  return (
    <Card title="Cluster size">
      <QueryState query={sizes}>
        {({ data }) => (
          <div>
            <p className="text-sm" data-testid="current-size">
              Current: {data.current ? <strong>{data.current.size}</strong> : <span className="text-slate-400">not set</span>}
            </p>
            <label className="mt-2 flex items-center gap-2 text-sm">
              Size
              <select className="rounded border border-slate-300 px-2 py-1" value={size} onChange={(e) => setSize(e.target.value)} aria-label="Cluster size">
                <option value="">choose…</option>
                {data.sizes.map((s) => (
                  <option key={s.name} value={s.name}>
                    {s.name} ({s.description})
                  </option>
                ))}
              </select>
            </label>
          </div>
        )}
      </QueryState>
      {size !== "" && (
        <div className="mt-3">
          <QueryState query={preview}>
            {({ data }) => (
              <div>
                <table className="w-full text-xs" data-testid="size-preview">
                  <thead>
                    <tr className="text-left uppercase text-slate-500">
                      <th>Workload</th>
                      <th>Change</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.workloads.map((w) => (
                      <tr key={w.object} className="border-t border-slate-100 align-top">
                        <td className="py-1 font-mono">{w.object}</td>
                        <td>
                          {!w.inStore ? (
                            <span className="text-slate-400">not in the store (skipped)</span>
                          ) : w.changes.length === 0 ? (
                            <span className="text-slate-400">no change</span>
                          ) : (
                            w.changes.map((c) => (
                              <div key={c.field}>
                                {c.field}: {c.from ?? "unset"} → <strong>{c.to}</strong>
                              </div>
                            ))
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <Button className="mt-2" onClick={() => apply.mutate(size)} disabled={apply.isPending}>
                  {apply.isPending ? "Applying…" : `Apply ${size}`}
                </Button>
                {apply.isSuccess && (
                  <p className="mt-2 text-sm text-emerald-700" role="status">
                    Applied to {apply.data.data.successful_apply.length} object(s)
                    {Object.keys(apply.data.data.failed_to_apply).length > 0 && `; failed: ${Object.keys(apply.data.data.failed_to_apply).join(", ")}`}.
                  </p>
                )}
                <ErrorLine error={apply.error} />
              </div>
            )}
          </QueryState>
        </div>
      )}
    </Card>
  );
}

/** The autoscaling controllers: running or paused, last run, pause/resume. */
export function ControllersCard() {
  const controllers = useQuery({
    queryKey: queryKeys.clusterControllers(),
    queryFn: () => apiFetch<Envelope<{ controllers: ControllerDetail[] }>>("/autoscaling/controllers"),
    refetchInterval: 5_000,
  });
  const toggle = useClusterMutation((v: { verb: "pause" | "resume"; controller?: string }) =>
    apiFetch(`/autoscaling/controllers/${v.verb}`, post(v.controller ? { controller: v.controller } : {})),
  );
  return (
    <Card
      title="Autoscaling controllers"
      actions={
        <span className="flex gap-1">
          <Button variant="secondary" className="px-2 py-0.5 text-xs" onClick={() => toggle.mutate({ verb: "pause" })}>
            Pause all
          </Button>
          <Button variant="secondary" className="px-2 py-0.5 text-xs" onClick={() => toggle.mutate({ verb: "resume" })}>
            Resume all
          </Button>
        </span>
      }
    >
      <QueryState query={controllers}>
        {({ data }) => (
          <ul className="space-y-2" data-testid="controllers">
            {data.controllers.map((c) => (
              <li key={c.name} data-testid={`controller-${c.name}`}>
                <div className="flex items-center gap-2">
                  <span className="font-mono text-sm">{c.name}</span>
                  <Badge tone={c.status === "running" ? "ok" : "warn"}>{c.status}</Badge>
                  {c.idleBecauseHibernated && <Badge tone="neutral">idle: hibernated</Badge>}
                  <Button
                    variant="secondary"
                    className="ml-auto px-2 py-0.5 text-xs"
                    onClick={() => toggle.mutate({ verb: c.status === "running" ? "pause" : "resume", controller: c.name })}
                    aria-label={`${c.status === "running" ? "Pause" : "Resume"} ${c.name}`}
                  >
                    {c.status === "running" ? "Pause" : "Resume"}
                  </Button>
                </div>
                <p className="text-xs text-slate-500">{c.description}</p>
                <p className="text-xs text-slate-500">
                  Last run: {c.lastRunAt ?? "never"}
                  {c.updatedBy && ` · last changed by ${c.updatedBy}`}
                </p>
                {c.lastError && <p className="text-xs text-red-700">{c.lastError}</p>}
              </li>
            ))}
          </ul>
        )}
      </QueryState>
      <ErrorLine error={toggle.error} />
    </Card>
  );
}
