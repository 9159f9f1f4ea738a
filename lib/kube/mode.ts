// Which cluster to talk to. KUBE_MODE=sim|kubeconfig|in-cluster; the default (ARCHITECTURE.md):
// in-cluster when running in a pod, else a kubeconfig when one exists, else the simulator.
import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";
import type { KubeMode } from "./types";

export type KubeTarget =
  | { mode: "in-cluster" }
  | { mode: "kubeconfig"; kubeconfigPath: string }
  | { mode: "sim"; dataDir: string };

export interface KubeEnv {
  KUBERNETES_SERVICE_HOST?: string | undefined;
  KUBECONFIG?: string | undefined;
  HOME?: string | undefined;
}

export interface ResolveKubeModeOptions {
  /** KUBE_MODE as configured; undefined = choose the default. */
  kubeMode?: KubeMode | undefined;
  dataDir: string;
  /** Defaults to process.env (only KUBERNETES_SERVICE_HOST, KUBECONFIG and HOME are read). */
  env?: KubeEnv;
  fileExists?: (path: string) => boolean;
}

/** The kubeconfig file to use: the first existing entry of KUBECONFIG, else ~/.kube/config. */
export function findKubeconfig(env: KubeEnv, fileExists: (path: string) => boolean = existsSync): string | undefined {
  const candidates = env.KUBECONFIG ? env.KUBECONFIG.split(delimiter).filter(Boolean) : env.HOME ? [join(env.HOME, ".kube", "config")] : [];
  return candidates.find((p) => fileExists(p));
}

/** KUBE_MODE asks for a cluster this process cannot reach: a configuration problem (start-up names it). */
export class KubeModeError extends Error {
  override name = "KubeModeError";
}

export function resolveKubeMode(opts: ResolveKubeModeOptions): KubeTarget {
  const env: KubeEnv = opts.env ?? {
    KUBERNETES_SERVICE_HOST: process.env.KUBERNETES_SERVICE_HOST,
    KUBECONFIG: process.env.KUBECONFIG,
    HOME: process.env.HOME,
  };
  const fileExists = opts.fileExists ?? existsSync;
  const inPod = !!env.KUBERNETES_SERVICE_HOST;
  const kubeconfig = findKubeconfig(env, fileExists);
  switch (opts.kubeMode) {
    case "in-cluster":
      if (!inPod) throw new KubeModeError("KUBE_MODE=in-cluster, but KUBERNETES_SERVICE_HOST is not set: not running in a pod");
      return { mode: "in-cluster" };
    case "kubeconfig":
      if (!kubeconfig) {
        throw new KubeModeError(`KUBE_MODE=kubeconfig, but no kubeconfig was found (${env.KUBECONFIG ? `KUBECONFIG=${env.KUBECONFIG}` : "~/.kube/config"})`);
      }
      return { mode: "kubeconfig", kubeconfigPath: kubeconfig };
    case "sim":
      return { mode: "sim", dataDir: opts.dataDir };
    default:
      if (inPod) return { mode: "in-cluster" };
      if (kubeconfig) return { mode: "kubeconfig", kubeconfigPath: kubeconfig };
      return { mode: "sim", dataDir: opts.dataDir };
  }
}
