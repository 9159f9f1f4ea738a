/** Shapes of the cluster API answers the Cluster page reads (see lib/services/cluster). */
export type Envelope<T> = { statusCode: number; data: T; error: string | null };

export type PodView = { name: string; namespace: string; phase: string; ready: boolean; restarts: number; quarantined: boolean; createdAt: string | null };
export type WorkloadView = {
  kind: string;
  namespace: string;
  name: string;
  desired: number;
  ready: number;
  hpa: { name: string; min: number | null; max: number | null } | null;
  controllers: string[];
  pods: PodView[];
};
export type JobView = { namespace: string; name: string; active: number; succeeded: number; failed: number; complete: boolean };
export type ClusterView = { namespaces: string[]; workloads: WorkloadView[]; jobs: JobView[]; otherPods: PodView[] };

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
