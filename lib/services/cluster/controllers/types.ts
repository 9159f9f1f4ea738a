import type { KubeGateway, KubeObject } from "@/lib/kube";

/** What a controller tick may use and report. Controllers are plain functions of (cluster, memory). */
export type ControllerMemory = Record<string, unknown>;

export type ControllerAction = { workload: string; from: number; to: number; why: string };

export type TickContext = {
  gateway: KubeGateway;
  namespaces: readonly string[];
  now: Date;
  /** The controller's memory from its last tick (persisted in the DB). */
  memory: ControllerMemory;
};

export type TickResult = { memory: ControllerMemory; actions: ControllerAction[] };

export interface Controller {
  name: string;
  description: string;
  tick(ctx: TickContext): Promise<TickResult>;
}

export const workloadKey = (w: KubeObject) => `${w.kind}/${w.metadata.namespace}/${w.metadata.name}`;

/** "90s", "5m", "2h", "1500ms" or plain seconds; null when unparsable. */
export function parseDuration(text: string | undefined): number | null {
  if (text === undefined) return null;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(text);
  if (!m) return null;
  const unit = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 }[(m[2] ?? "s") as "ms" | "s" | "m" | "h"];
  return Number(m[1]) * unit;
}
