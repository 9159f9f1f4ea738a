// HorizontalPodAutoscaler without metrics: keeps the target's replicas within
// [minReplicas, maxReplicas] and reports current/desired replicas. As in Kubernetes, a target
// scaled to 0 disables autoscaling (that is how hibernation survives an HPA).
import { now } from "../api";
import { clone, num, obj, str, type Obj } from "../json";
import { BUILTIN_TYPES, resourceByKind } from "../registry";
import type { ControllerContext } from "./context";
import { namespaceOf, replicasOf, withStatus } from "./util";

const HPA = resourceByKind("HorizontalPodAutoscaler");
export const HPA_MANAGER = "horizontal-pod-autoscaler";

function condition(type: string, ok: boolean, reason: string, message: string, t: string): Obj {
  return { type, status: ok ? "True" : "False", lastTransitionTime: t, reason, message };
}

export function reconcileHpa(ctx: ControllerContext, hpa: Obj): void {
  const ns = namespaceOf(hpa);
  const spec = obj(hpa.spec);
  const ref = obj(spec.scaleTargetRef);
  const t = now();
  const rt = BUILTIN_TYPES.find((r) => r.kind === ref.kind && r.subresources.includes("scale"));
  const target = rt && ctx.api.find(rt, ns, str(ref.name) ?? "");
  if (!rt || !target) {
    const next = withStatus(hpa, {
      currentReplicas: 0,
      desiredReplicas: 0,
      conditions: [condition("AbleToScale", false, "FailedGetScale", `the HPA controller was unable to get the target's current scale: ${String(ref.kind)} "${String(ref.name)}" not found`, t)],
    });
    ctx.api.writeAs(HPA, hpa, next, HPA_MANAGER, "status");
    return;
  }
  const current = replicasOf(target);
  const min = num(spec.minReplicas) ?? 1;
  const max = num(spec.maxReplicas) ?? current;
  const desired = current === 0 ? 0 : Math.min(max, Math.max(min, current));
  const status = obj(hpa.status);
  let lastScaleTime = str(status.lastScaleTime);
  if (desired !== current) {
    const scaled = clone(target);
    obj(scaled.spec).replicas = desired;
    ctx.api.writeAs(rt, target, scaled, HPA_MANAGER);
    lastScaleTime = t;
  }
  const next = withStatus(hpa, {
    observedGeneration: obj(hpa.metadata).generation,
    currentReplicas: num(obj(target.status).replicas) ?? 0,
    desiredReplicas: desired,
    lastScaleTime,
    conditions:
      current === 0
        ? [condition("ScalingActive", false, "ScalingDisabled", "scaling is disabled since the replica count of the target is zero", t)]
        : [
            condition("AbleToScale", true, "ReadyForNewScale", "recommended size matches current size", t),
            condition("ScalingLimited", desired !== current, desired !== current ? "TooFewReplicas" : "DesiredWithinRange", desired !== current ? "the desired replica count is outside the allowed range" : "the desired count is within the acceptable range", t),
          ],
  });
  ctx.api.writeAs(HPA, hpa, next, HPA_MANAGER, "status");
}

/** The HPAs in the namespace that target this object. */
export function hpasTargeting(ctx: ControllerContext, kind: string, ns: string, name: string): Obj[] {
  return ctx.api.list(HPA, ns).filter((h) => {
    const ref = obj(obj(h.spec).scaleTargetRef);
    return ref.kind === kind && ref.name === name;
  });
}
