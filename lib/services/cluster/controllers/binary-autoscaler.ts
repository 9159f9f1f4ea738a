import { ANNOTATION_PREFIX, listWorkloadsIn, replicasOf } from "../workloads";
import { withKubeRetries } from "../retry";
import { type Controller, type ControllerAction, parseDuration, workloadKey } from "./types";

/**
 * binary-autoscaler: a workload annotated `autoscaling.deployment-manager.io/binary: "true"` runs
 * either 0 or N replicas (`.../active-replicas`, default 1). Demand is the active (Pending or
 * Running) pods of its namespace labelled `autoscaling.deployment-manager.io/requires: <workload>`
 * (e.g. the platform's task Jobs). With demand and 0 replicas it scales to N; with no demand for
 * `.../idle-after` (default 300s) it scales to 0. Memory: when each workload last had demand.
 */

export const BINARY = `${ANNOTATION_PREFIX}/binary`;
export const ACTIVE_REPLICAS = `${ANNOTATION_PREFIX}/active-replicas`;
export const IDLE_AFTER = `${ANNOTATION_PREFIX}/idle-after`;
export const REQUIRES = `${ANNOTATION_PREFIX}/requires`;
const DEFAULT_IDLE_MS = 300_000;

export const binaryAutoscaler: Controller = {
  name: "binary-autoscaler",
  description: "Runs opted-in workloads at 0 or N replicas: N while pods that require them are active, 0 after an idle period.",
  async tick({ gateway, namespaces, now, memory }) {
    const lastDemand = { ...((memory.lastDemand ?? {}) as Record<string, string>) };
    const seen = new Set<string>();
    const actions: ControllerAction[] = [];
    for (const namespace of namespaces) {
      const workloads = (await listWorkloadsIn(gateway, namespace)).filter((w) => w.metadata.annotations?.[BINARY] === "true");
      if (workloads.length === 0) continue;
      const pods = await gateway.list("Pod", { namespace, labelSelector: REQUIRES });
      const demand = new Map<string, number>();
      for (const pod of pods) {
        const phase = (pod.status as { phase?: string } | undefined)?.phase ?? "Pending";
        if (pod.metadata.deletionTimestamp || (phase !== "Pending" && phase !== "Running")) continue;
        const wanted = pod.metadata.labels?.[REQUIRES];
        if (wanted) demand.set(wanted, (demand.get(wanted) ?? 0) + 1);
      }
      for (const w of workloads) {
        const key = workloadKey(w);
        seen.add(key);
        const replicas = replicasOf(w);
        const active = Math.max(1, Number.parseInt(w.metadata.annotations?.[ACTIVE_REPLICAS] ?? "1", 10) || 1);
        const idleMs = parseDuration(w.metadata.annotations?.[IDLE_AFTER]) ?? DEFAULT_IDLE_MS;
        const ref = { kind: w.kind, namespace, name: w.metadata.name };
        const pending = demand.get(w.metadata.name) ?? 0;
        if (pending > 0) {
          lastDemand[key] = now.toISOString();
          if (replicas === 0) {
            await withKubeRetries(() => gateway.scale(ref, active));
            actions.push({ workload: key, from: 0, to: active, why: `${pending} pod(s) require it` });
          }
          continue;
        }
        lastDemand[key] ??= now.toISOString();
        if (replicas > 0 && now.getTime() - Date.parse(lastDemand[key]!) >= idleMs) {
          await withKubeRetries(() => gateway.scale(ref, 0));
          actions.push({ workload: key, from: replicas, to: 0, why: `no demand for ${Math.round(idleMs / 1000)}s` });
        }
      }
    }
    for (const key of Object.keys(lastDemand)) if (!seen.has(key)) delete lastDemand[key];
    return { memory: { lastDemand }, actions };
  },
};
