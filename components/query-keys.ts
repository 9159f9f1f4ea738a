/** React Query keys, built in one place. */
export const queryKeys = {
  setupStatus: () => ["setup", "status"] as const,
  databaseConnection: () => ["database", "connection"] as const,
  platformVersion: () => ["platform", "version"] as const,
  namespace: () => ["deployments", "namespace"] as const,
  settings: () => ["settings"] as const,
  // Cluster page. Everything under "cluster" is refetched after a cluster operation.
  cluster: () => ["cluster"] as const,
  clusterWorkloads: () => ["cluster", "workloads"] as const,
  clusterHibernation: () => ["cluster", "hibernation"] as const,
  clusterSizes: () => ["cluster", "sizes"] as const,
  clusterSizePreview: (size: string) => ["cluster", "sizePreview", size] as const,
  clusterControllers: () => ["cluster", "controllers"] as const,
  clusterDrift: () => ["cluster", "drift"] as const,
  clusterLivePatch: (object: string) => ["cluster", "livePatch", object] as const,
  podLogs: (namespace: string, pod: string) => ["cluster", "podLogs", namespace, pod] as const,
  audit: (limit: number) => ["cluster", "audit", limit] as const,
  // Status board and telemetry.
  platformStatus: () => ["platformStatus", "components"] as const,
  platformStatusHistory: (limit: number) => ["platformStatus", "history", limit] as const,
  telescopeJobs: () => ["telescope", "jobs"] as const,
  telescopeServices: () => ["telescope", "services"] as const,
  telescopeImport: (id: string) => ["telescope", "import", id] as const,
  telescopeImportLogs: (id: string, service: string, q: string) => ["telescope", "import", id, "logs", service, q] as const,
  telescopeImportStats: (id: string) => ["telescope", "import", id, "stats"] as const,
  telescopeImportConfigs: (id: string) => ["telescope", "import", id, "configs"] as const,
  telescopeCurrentConfig: (object: string) => ["telescope", "currentConfig", object] as const,
};
