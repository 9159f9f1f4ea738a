import { ANNOTATION_PREFIX, listWorkloadsIn, replicasOf } from "../workloads";
import { withKubeRetries } from "../retry";
import { BINARY } from "./binary-autoscaler";
import { type Controller, type ControllerAction, parseDuration, workloadKey } from "./types";

/**
 * scale-down-to-zero: a workload annotated `autoscaling.deployment-manager.io/scale-down-to-zero-after:
 * "30m"` is scaled to 0 once its last activity is older than that. Activity is the RFC 3339 time
 * in `.../last-activity` (set by the platform, or `kubectl annotate`), else when the controller
 * first saw the workload. When the activity moves past the scale-down, the replicas it had are
 * restored (wake-up). Someone else scaling it up meanwhile takes it over: the record is dropped and
 * the scale-up counts as activity (it stays up for another idle period). Workloads of the
 * binary-autoscaler are left to it. Memory: first-seen times, take-over times and scale-downs.
 */

export const SCALE_DOWN_AFTER = `${ANNOTATION_PREFIX}/scale-down-to-zero-after`;
export const LAST_ACTIVITY = `${ANNOTATION_PREFIX}/last-activity`;

type ScaledDown = { at: string; replicas: number };

export const scaleDownToZero: Controller = {
  name: "scale-down-to-zero",
  description: "Scales opted-in workloads to 0 after a period without activity, and back up when activity resumes.",
  async tick({ gateway, namespaces, now, memory }) {
    const firstSeen = { ...((memory.firstSeen ?? {}) as Record<string, string>) };
    const takenOver = { ...((memory.takenOver ?? {}) as Record<string, string>) };
    const scaledDown = { ...((memory.scaledDown ?? {}) as Record<string, ScaledDown>) };
    const seen = new Set<string>();
    const actions: ControllerAction[] = [];
    for (const namespace of namespaces) {
      for (const w of await listWorkloadsIn(gateway, namespace)) {
        const annotations = w.metadata.annotations ?? {};
        const afterMs = parseDuration(annotations[SCALE_DOWN_AFTER]);
        if (afterMs === null || annotations[BINARY] === "true") continue;
        const key = workloadKey(w);
        seen.add(key);
        firstSeen[key] ??= now.toISOString();
        const activityAt = Math.max(Date.parse(annotations[LAST_ACTIVITY] ?? "") || Date.parse(firstSeen[key]!), Date.parse(takenOver[key] ?? "") || 0);
        const replicas = replicasOf(w);
        const ref = { kind: w.kind, namespace, name: w.metadata.name };
        const record = scaledDown[key];
        if (record) {
          if (activityAt > Date.parse(record.at)) {
            if (replicas === 0) {
              await withKubeRetries(() => gateway.scale(ref, record.replicas));
              actions.push({ workload: key, from: 0, to: record.replicas, why: "activity resumed" });
            }
            delete scaledDown[key];
          } else if (replicas > 0) {
            delete scaledDown[key];
            takenOver[key] = now.toISOString();
          }
          continue;
        }
        if (replicas > 0 && now.getTime() - activityAt >= afterMs) {
          await withKubeRetries(() => gateway.scale(ref, 0));
          scaledDown[key] = { at: now.toISOString(), replicas };
          actions.push({ workload: key, from: replicas, to: 0, why: `idle for ${Math.round(afterMs / 1000)}s` });
        }
      }
    }
    for (const times of [firstSeen, takenOver, scaledDown]) for (const key of Object.keys(times)) if (!seen.has(key)) delete times[key];
    return { memory: { firstSeen, takenOver, scaledDown }, actions };
  },
};
