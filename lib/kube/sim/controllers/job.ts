// Job: runs pods until `completions` of them succeeded, `parallelism` at a time.
import { now, randomSuffix } from "../api";
import { num, obj, str, type Obj } from "../json";
import { resourceByKind } from "../registry";
import type { ControllerContext } from "./context";
import { claimPods } from "./replicaset";
import { CONTROLLER_MANAGER, isPodActive, isPodReady, nameOf, namespaceOf, ownerRef, podFromTemplate, podPhase, withStatus } from "./util";

const JOB = resourceByKind("Job");
const POD = resourceByKind("Pod");

export function reconcileJob(ctx: ControllerContext, job: Obj): void {
  const ns = namespaceOf(job);
  const spec = obj(job.spec);
  const completions = num(spec.completions) ?? 1;
  const parallelism = num(spec.parallelism) ?? 1;
  const pods = claimPods(ctx, job, JOB);
  const succeeded = pods.filter((p) => podPhase(p) === "Succeeded").length;
  const failed = pods.filter((p) => podPhase(p) === "Failed").length;
  const active = pods.filter(isPodActive);
  const status = obj(job.status);
  const t = now();
  if (succeeded < completions && spec.suspend !== true) {
    const room = Math.min(parallelism, completions - succeeded) - active.length;
    for (let i = 0; i < room; i++) {
      const pod = podFromTemplate(spec.template, `${nameOf(job)}-${randomSuffix()}`, ns, {}, ownerRef(JOB, job));
      active.push(ctx.api.create(POD, ns, pod, { manager: CONTROLLER_MANAGER }));
    }
  }
  const done = succeeded >= completions;
  const next = withStatus(job, {
    startTime: str(status.startTime) ?? t,
    active: active.length || undefined,
    ready: active.filter(isPodReady).length,
    succeeded: succeeded || undefined,
    failed: failed || undefined,
    terminating: 0,
    uncountedTerminatedPods: {},
    ...(done
      ? {
          completionTime: str(status.completionTime) ?? t,
          conditions: [
            { type: "SuccessCriteriaMet", status: "True", lastProbeTime: t, lastTransitionTime: t },
            { type: "Complete", status: "True", lastProbeTime: t, lastTransitionTime: t },
          ],
        }
      : {}),
  });
  if (done && status.completionTime) return;
  ctx.api.writeAs(JOB, job, next, CONTROLLER_MANAGER, "status");
}
