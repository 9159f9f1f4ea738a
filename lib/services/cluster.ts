import { getConfig } from "@/lib/config/env";
import { type KubeConnection, connectKube } from "@/lib/kube";

/**
 * The one cluster connection of the process (a real cluster, or the simulator started in-process
 * in sim mode). Kept on globalThis for the same reason as the database: Next.js may evaluate this
 * module in several bundles, and two simulators must never share one data directory.
 */
const globalForKube = globalThis as typeof globalThis & { __dmKube?: Promise<KubeConnection> };

export function getKube(): Promise<KubeConnection> {
  globalForKube.__dmKube ??= (async () => {
    const config = getConfig();
    return connectKube({ kubeMode: config.kubeMode, dataDir: config.dataDir, env: config.kubeEnv });
  })().catch((error: unknown) => {
    globalForKube.__dmKube = undefined;
    throw error;
  });
  return globalForKube.__dmKube;
}

export type ClusterSummary = {
  mode: string;
  server: string;
  context: string;
  /** Sim mode: the kubeconfig that reaches the simulator. */
  kubeconfigPath: string | null;
  version: string | null;
  reachable: boolean;
  error: string | null;
};

/** Mode, server and whether the API server answers (within two seconds). */
export async function clusterSummary(): Promise<ClusterSummary> {
  const { gateway, simulator } = await getKube();
  const { mode, server, context } = gateway.info;
  const kubeconfigPath = simulator?.kubeconfigPath ?? null;
  try {
    const version = await Promise.race([
      gateway.version(),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error("no answer within 2 s")), 2_000)),
    ]);
    return { mode, server, context, kubeconfigPath, version: version.gitVersion, reachable: true, error: null };
  } catch (error) {
    return { mode, server, context, kubeconfigPath, version: null, reachable: false, error: (error as Error).message };
  }
}
