import type { ClusterApi } from "../api";

export interface SimTiming {
  /** How long a new pod stays Pending (ContainerCreating) before it runs and turns Ready. */
  podReadyDelayMs: number;
  /** How long a Job's pod runs before it completes. */
  jobDurationMs: number;
  /** Interval between the heartbeat lines a running container logs. */
  logIntervalMs: number;
}

export const DEFAULT_TIMING: SimTiming = { podReadyDelayMs: 2000, jobDurationMs: 5000, logIntervalMs: 10_000 };

export interface ControllerContext {
  api: ClusterApi;
  timing: SimTiming;
  /** Reconcile the object again after `ms` milliseconds. */
  after(ms: number, kind: string, ns: string, name: string): void;
  /** When this process first saw the object with this uid (ms since epoch). */
  firstSeen(uid: string): number;
}

export const NODE_NAME = "sim-node";
export const HOST_IP = "192.168.49.2";
