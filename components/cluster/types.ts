/** Shapes of the cluster API answers the Cluster page reads (see lib/services/cluster). */
export type Envelope<T> = { statusCode: number; data: T; error: string | null };

// The same types the server builds these answers with (type-only: nothing server-side is bundled).
export type { ClusterView, JobView, PodView, WorkloadView } from "@/lib/services/cluster/kube-ops";

export type Hibernation = {
  hibernated: boolean;
  since: string | null;
  by: string | null;
  workloads: { kind: string; namespace: string; name: string; replicas: number; hpaName: string | null; hpaMin: number | null; hpaMax: number | null }[];
};

export type Sizes = { current: { size: string; at: string; by: string } | null; sizes: { name: string; description: string; workloads: string[] }[] };
export type SizePreview = { size: string; workloads: { object: string; kind: string | null; inStore: boolean; changes: { field: string; from: string | null; to: string }[] }[] };

export type ControllerDetail = {
  name: string;
  description: string;
  status: "running" | "paused";
  idleBecauseHibernated: boolean;
  updatedBy: string | null;
  lastRunAt: string | null;
  lastError: string | null;
};

export type Drift = {
  numInconsistencies: number;
  inconsistentResources: Record<string, { diffRows: { key: string; expected: string; got: string }[] }>;
  consistentResources: string[];
  skippedResources: Record<string, { code: number; reason: string }>;
};

export type PushAnswer = { successful_apply: string[]; failed_to_apply: Record<string, string> };

export type AuditEntry = { id: string; at: string; actor: string; action: string; target: string; details: unknown };
