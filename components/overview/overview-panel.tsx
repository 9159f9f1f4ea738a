"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { queryKeys } from "@/components/query-keys";
import { apiFetch } from "@/components/ui/api";
import { Badge, Button, Card } from "@/components/ui/card";
import { QueryState } from "@/components/ui/query-state";
import type { ClusterSummary } from "@/lib/services/cluster";

type Envelope<T> = { statusCode: number; data: T; error: string | null };
type Connection = { status: string; database: string; latencyMs: number; serverVersion: string };

export function OverviewPanel({ cluster }: { cluster: ClusterSummary }) {
  const queryClient = useQueryClient();
  const setup = useQuery({
    queryKey: queryKeys.setupStatus(),
    queryFn: () => apiFetch<{ isSetup: boolean }>("/setup/status"),
  });
  const connection = useQuery({
    queryKey: queryKeys.databaseConnection(),
    queryFn: () => apiFetch<Connection>("/database/connection"),
    refetchInterval: 15_000,
  });
  const version = useQuery({
    queryKey: queryKeys.platformVersion(),
    queryFn: () => apiFetch<Envelope<{ release_version: string | null }>>("/platform/version"),
  });
  const namespace = useQuery({
    queryKey: queryKeys.namespace(),
    queryFn: () => apiFetch<Envelope<{ namespace: string }>>("/deployments/namespace"),
  });
  const runSetup = useMutation({
    mutationFn: () => apiFetch<{ status: string }>("/setup"),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.setupStatus() }),
  });

  return (
    <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
      <Card
        title="Set-up"
        actions={
          <Button onClick={() => runSetup.mutate()} disabled={runSetup.isPending}>
            {runSetup.isPending ? "Running setup…" : "Run setup"}
          </Button>
        }
      >
        <QueryState query={setup}>
          {(data) => (
            <div className="flex items-center gap-2" data-testid="setup-state">
              {data.isSetup ? <Badge tone="ok">Set up</Badge> : <Badge tone="warn">Not set up</Badge>}
              <span className="text-slate-500">
                {data.isSetup
                  ? "Tables and default label bindings exist."
                  : "Create the Deployment Manager tables and default label bindings."}
              </span>
            </div>
          )}
        </QueryState>
        {runSetup.isSuccess && <p className="mt-2 text-emerald-700" role="status">Setup finished.</p>}
        {runSetup.isError && <p className="mt-2 text-red-700" role="alert">Setup failed: {runSetup.error.message}</p>}
      </Card>

      <Card title="Database">
        <QueryState query={connection}>
          {(data) => (
            <dl className="grid grid-cols-[8rem_1fr] gap-y-1" data-testid="database-state">
              <dt className="text-slate-500">Connection</dt>
              <dd>
                <Badge tone="ok">Connected</Badge>
              </dd>
              <dt className="text-slate-500">Engine</dt>
              <dd>
                {data.database === "pglite" ? "PGlite (embedded)" : "PostgreSQL"} {data.serverVersion}
              </dd>
              <dt className="text-slate-500">Round trip</dt>
              <dd>{data.latencyMs} ms</dd>
            </dl>
          )}
        </QueryState>
      </Card>

      <Card title="Platform">
        <dl className="grid grid-cols-[8rem_1fr] gap-y-1">
          <dt className="text-slate-500">Release version</dt>
          <dd data-testid="release-version">
            <QueryState query={version}>{(data) => data.data.release_version ?? <span className="text-slate-400">no base configs yet</span>}</QueryState>
          </dd>
          <dt className="text-slate-500">Namespace</dt>
          <dd className="font-mono">
            <QueryState query={namespace}>{(data) => data.data.namespace}</QueryState>
          </dd>
        </dl>
      </Card>

      <Card title="Cluster">
        <dl className="grid grid-cols-[8rem_1fr] gap-y-1" data-testid="cluster-state">
          <dt className="text-slate-500">Mode</dt>
          <dd className="font-mono" data-testid="cluster-mode">{cluster.mode}</dd>
          <dt className="text-slate-500">API server</dt>
          <dd className="font-mono" data-testid="cluster-server">{cluster.server}</dd>
          <dt className="text-slate-500">Status</dt>
          <dd>
            {cluster.reachable ? (
              <Badge tone="ok">Reachable · {cluster.version}</Badge>
            ) : (
              <Badge tone="error">Unreachable: {cluster.error}</Badge>
            )}
          </dd>
        </dl>
        {cluster.kubeconfigPath && (
          <p className="mt-2 text-xs text-slate-500">
            Simulated cluster: <code>kubectl --kubeconfig {cluster.kubeconfigPath} get pods -A</code> reaches it.
          </p>
        )}
      </Card>
    </div>
  );
}
