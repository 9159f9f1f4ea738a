// lib/kube: the Kubernetes gateway (interface + client-node implementation), the mode
// resolver and the simulator start-up. Knows nothing of the DB or Next.js.
import { randomBytes } from "node:crypto";
import { KubeConfig } from "@kubernetes/client-node";
import { ClientNodeGateway } from "./gateway";
import { resolveKubeMode, type KubeEnv } from "./mode";
import { startSimulator, type SimTiming, type Simulator } from "./sim";
import type { KubeGateway, KubeMode } from "./types";

export { FIELD_MANAGER, DEFAULT_REQUEST_TIMEOUT_MS, DEFAULT_CRD_WAIT_TIMEOUT_MS, CRD_API_VERSION, ClientNodeGateway } from "./gateway";
export { KubeError, isKubeError, type KubeErrorContext } from "./errors";
export { resolveKubeMode, findKubeconfig, KubeModeError, type KubeTarget, type KubeEnv, type ResolveKubeModeOptions } from "./mode";
export { startSimulator, simKubeconfig, type Simulator, type SimulatorOptions, type SimTiming } from "./sim";
export type * from "./types";

export type CreateKubeGatewayOptions = (
  | { mode: "in-cluster" }
  | { mode: "kubeconfig" | "sim"; kubeconfigPath: string; context?: string }
) & {
  /** Per-request limit; default 30 s. */
  requestTimeoutMs?: number;
};

/** A gateway for a cluster: in-cluster service account, or a kubeconfig file (the simulator writes one). */
export function createKubeGateway(opts: CreateKubeGatewayOptions): KubeGateway {
  const kc = new KubeConfig();
  if (opts.mode === "in-cluster") {
    kc.loadFromCluster();
  } else {
    kc.loadFromFile(opts.kubeconfigPath);
    if (opts.context) kc.setCurrentContext(opts.context);
  }
  return new ClientNodeGateway({
    kubeConfig: kc,
    mode: opts.mode,
    ...(opts.requestTimeoutMs ? { requestTimeoutMs: opts.requestTimeoutMs } : {}),
  });
}

export interface ConnectKubeOptions {
  kubeMode?: KubeMode | undefined;
  dataDir: string;
  /** Simulator only: port (0/absent = free port), bearer token (absent: a random one per start, written to its kubeconfig with the HTTPS certificate), timings. */
  simPort?: number;
  simToken?: string;
  simTiming?: Partial<SimTiming>;
  env?: KubeEnv;
}

export interface KubeConnection {
  gateway: KubeGateway;
  /** Set in sim mode: the in-process simulator (its kubeconfig is DATA_DIR/sim/kubeconfig). */
  simulator?: Simulator;
  /** Stops the simulator, if one was started. */
  close(): Promise<void>;
}

/** Start-up in one call: resolve the mode, start the simulator in sim mode, build the gateway. */
export async function connectKube(opts: ConnectKubeOptions): Promise<KubeConnection> {
  const target = resolveKubeMode({ kubeMode: opts.kubeMode, dataDir: opts.dataDir, ...(opts.env ? { env: opts.env } : {}) });
  if (target.mode === "in-cluster") return { gateway: createKubeGateway(target), close: async () => {} };
  if (target.mode === "kubeconfig") return { gateway: createKubeGateway(target), close: async () => {} };
  const simulator = await startSimulator({
    dataDir: target.dataDir,
    ...(opts.simPort !== undefined ? { port: opts.simPort } : {}),
    token: opts.simToken ?? randomBytes(32).toString("base64url"),
    tls: true,
    ...(opts.simTiming ? { timing: opts.simTiming } : {}),
  });
  return {
    gateway: createKubeGateway({ mode: "sim", kubeconfigPath: simulator.kubeconfigPath }),
    simulator,
    close: () => simulator.close(),
  };
}
