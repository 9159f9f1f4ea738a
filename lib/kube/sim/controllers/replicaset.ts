// ReplicaSet: keeps `spec.replicas` pods matching its selector. A pod whose labels stop matching
// is released (its ownerReference removed) and replaced; a matching orphan is adopted.
import { selectorOf } from "../api";
import { arr, clone, labelsOf, obj, type Obj } from "../json";
import { resourceByKind } from "../registry";
import { matches } from "../selectors";
import type { ControllerContext } from "./context";
import { randomSuffix } from "../api";
import {
  CONTROLLER_MANAGER,
  controllerRef,
  isControlledBy,
  isPodActive,
  isPodReady,
  nameOf,
  namespaceOf,
  ownerRef,
  podFromTemplate,
  replicasOf,
  uidOf,
  withStatus,
} from "./util";

const RS = resourceByKind("ReplicaSet");
const POD = resourceByKind("Pod");

/** Claims pods for a controller: releases non-matching ones, adopts matching orphans. */
export function claimPods(ctx: ControllerContext, owner: Obj, ownerKind: typeof RS): Obj[] {
  const ns = namespaceOf(owner);
  const sel = selectorOf(owner);
  const claimed: Obj[] = [];
  // Only pods this owner controls or no controller owns can be claimed (the store indexes both).
  const candidates = [...ctx.api.ownedBy(POD, ns, uidOf(owner)), ...ctx.api.uncontrolled(POD, ns)];
  for (const pod of candidates) {
    const fits = sel.length > 0 && matches(sel, labelsOf(pod));
    if (isControlledBy(pod, owner)) {
      if (fits) claimed.push(pod);
      else release(ctx, pod, uidOf(owner));
    } else if (fits && !controllerRef(pod) && isPodActive(pod)) {
      const next = clone(pod);
      obj(next.metadata).ownerReferences = [...arr(obj(pod.metadata).ownerReferences), ownerRef(ownerKind, owner)];
      claimed.push(ctx.api.writeAs(POD, pod, next, CONTROLLER_MANAGER));
    }
  }
  return claimed;
}

function release(ctx: ControllerContext, pod: Obj, ownerUid: string): void {
  const next = clone(pod);
  const refs = arr(obj(pod.metadata).ownerReferences).filter((r) => obj(r).uid !== ownerUid);
  if (refs.length) obj(next.metadata).ownerReferences = refs;
  else delete obj(next.metadata).ownerReferences;
  ctx.api.writeAs(POD, pod, next, CONTROLLER_MANAGER);
}

export function reconcileReplicaSet(ctx: ControllerContext, rs: Obj): void {
  const ns = namespaceOf(rs);
  const pods = claimPods(ctx, rs, RS).filter(isPodActive);
  const want = replicasOf(rs);
  const template = obj(rs.spec).template;
  for (let i = pods.length; i < want; i++) {
    const pod = podFromTemplate(template, `${nameOf(rs)}-${randomSuffix()}`, ns, {}, ownerRef(RS, rs));
    pods.push(ctx.api.create(POD, ns, pod, { manager: CONTROLLER_MANAGER }));
  }
  if (pods.length > want) {
    const surplus = [...pods]
      .sort((a, b) => Number(isPodReady(a)) - Number(isPodReady(b)) || creation(b) - creation(a))
      .slice(0, pods.length - want);
    for (const pod of surplus) {
      ctx.api.delete(POD, ns, nameOf(pod));
      pods.splice(pods.indexOf(pod), 1);
    }
  }
  const ready = pods.filter(isPodReady).length;
  const next = withStatus(rs, {
    replicas: pods.length,
    fullyLabeledReplicas: pods.length,
    readyReplicas: ready || undefined,
    availableReplicas: ready || undefined,
    observedGeneration: obj(rs.metadata).generation,
  });
  ctx.api.writeAs(RS, rs, next, CONTROLLER_MANAGER, "status");
}

function creation(o: Obj): number {
  return Date.parse(String(obj(o.metadata).creationTimestamp ?? "")) || 0;
}
