/** React Query keys, built in one place. */
export const queryKeys = {
  setupStatus: () => ["setup", "status"] as const,
  databaseConnection: () => ["database", "connection"] as const,
  platformVersion: () => ["platform", "version"] as const,
  namespace: () => ["deployments", "namespace"] as const,
  settings: () => ["settings"] as const,
};
