// Deployment: one ReplicaSet per pod template (named <deployment>-<pod-template-hash>). The
// current one is scaled to spec.replicas; older ones are scaled to 0 once it is fully ready.
// Revisions are numbered on the ReplicaSets and mirrored on the Deployment (rollout history/undo).
import { now } from "../api";
import { arr, clone, num, obj, str, type Obj } from "../json";
import { resourceByKind } from "../registry";
import type { ControllerContext } from "./context";
import { CONTROLLER_MANAGER, isControlledBy, nameOf, namespaceOf, ownerRef, replicasOf, templateHash, uidOf, withStatus } from "./util";

const DEPLOYMENT = resourceByKind("Deployment");
const RS = resourceByKind("ReplicaSet");
const REVISION = "deployment.kubernetes.io/revision";

function revisionOf(rs: Obj): number {
  return Number(obj(obj(rs.metadata).annotations)[REVISION] ?? 0) || 0;
}

function statusNum(o: Obj, key: string): number {
  return num(obj(o.status)[key]) ?? 0;
}

export function reconcileDeployment(ctx: ControllerContext, deployment: Obj): void {
  let d = deployment;
  const ns = namespaceOf(d);
  const spec = obj(d.spec);
  const want = replicasOf(d);
  const template = obj(spec.template);
  const hash = templateHash(template);
  const owned = ctx.api.ownedBy(RS, ns, uidOf(d)).filter((rs) => isControlledBy(rs, d));
  let current = owned.find((rs) => obj(obj(rs.metadata).labels)["pod-template-hash"] === hash);
  const maxRevision = Math.max(0, ...owned.map(revisionOf));
  if (!current) {
    const labels = { ...obj(obj(template.metadata).labels), "pod-template-hash": hash };
    const selector = clone(obj(spec.selector));
    selector.matchLabels = { ...obj(selector.matchLabels), "pod-template-hash": hash };
    const rsTemplate = clone(template);
    obj(rsTemplate.metadata).labels = labels;
    current = ctx.api.create(
      RS,
      ns,
      {
        apiVersion: "apps/v1",
        kind: "ReplicaSet",
        metadata: {
          name: `${nameOf(d)}-${hash}`,
          namespace: ns,
          labels,
          annotations: { [REVISION]: String(maxRevision + 1), "deployment.kubernetes.io/desired-replicas": String(want) },
          ownerReferences: [ownerRef(DEPLOYMENT, d)],
        },
        spec: { replicas: want, selector, template: rsTemplate },
      },
      { manager: CONTROLLER_MANAGER },
    );
  } else if (replicasOf(current) !== want || revisionOf(current) < maxRevision) {
    const next = clone(current);
    obj(next.spec).replicas = want;
    if (revisionOf(current) < maxRevision) obj(obj(next.metadata).annotations)[REVISION] = String(maxRevision + 1);
    current = ctx.api.writeAs(RS, current, next, CONTROLLER_MANAGER);
  }
  const revision = String(revisionOf(current));
  if (obj(obj(d.metadata).annotations)[REVISION] !== revision) {
    const annotated = clone(d);
    obj(annotated.metadata).annotations = { ...obj(obj(d.metadata).annotations), [REVISION]: revision };
    d = ctx.api.writeAs(DEPLOYMENT, d, annotated, CONTROLLER_MANAGER);
  }
  const currentName = nameOf(current);
  const old = owned.filter((rs) => nameOf(rs) !== currentName);
  const rolledOut = statusNum(current, "readyReplicas") >= want;
  if (rolledOut) {
    for (const rs of old) {
      if (replicasOf(rs) === 0) continue;
      const next = clone(rs);
      obj(next.spec).replicas = 0;
      ctx.api.writeAs(RS, rs, next, CONTROLLER_MANAGER);
    }
    const limit = num(spec.revisionHistoryLimit) ?? 10;
    const idle = old.filter((rs) => replicasOf(rs) === 0 && statusNum(rs, "replicas") === 0).sort((a, b) => revisionOf(a) - revisionOf(b));
    for (const rs of idle.slice(0, Math.max(0, idle.length - limit))) ctx.api.delete(RS, ns, nameOf(rs));
  }
  const all = ctx.api.ownedBy(RS, ns, uidOf(d)).filter((rs) => isControlledBy(rs, d));
  const sum = (key: string): number => all.reduce((n, rs) => n + statusNum(rs, key), 0);
  const available = sum("availableReplicas");
  const updated = statusNum(all.find((rs) => nameOf(rs) === currentName) ?? current, "replicas");
  const complete = updated === want && sum("replicas") === want && available >= want;
  const t = now();
  const conditions = [
    condition(d, "Available", available >= want, available >= want ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable", available >= want ? "Deployment has minimum availability." : "Deployment does not have minimum availability.", t),
    condition(d, "Progressing", true, complete ? "NewReplicaSetAvailable" : "ReplicaSetUpdated", complete ? `ReplicaSet "${currentName}" has successfully progressed.` : `ReplicaSet "${currentName}" is progressing.`, t),
  ];
  const next = withStatus(d, {
    observedGeneration: obj(d.metadata).generation,
    replicas: sum("replicas") || undefined,
    updatedReplicas: updated || undefined,
    readyReplicas: sum("readyReplicas") || undefined,
    availableReplicas: available || undefined,
    unavailableReplicas: Math.max(0, want - available) || undefined,
    conditions,
  });
  ctx.api.writeAs(DEPLOYMENT, d, next, CONTROLLER_MANAGER, "status");
}

/** A status condition that keeps its transition time while its status stays the same. */
export function condition(o: Obj, type: string, status: boolean, reason: string, message: string, t: string): Obj {
  const prev = arr(obj(o.status).conditions)
    .map(obj)
    .find((c) => c.type === type);
  const s = status ? "True" : "False";
  const same = prev?.status === s && prev.reason === reason;
  return {
    type,
    status: s,
    lastUpdateTime: same ? (str(prev.lastUpdateTime) ?? t) : t,
    lastTransitionTime: prev?.status === s ? (str(prev.lastTransitionTime) ?? t) : t,
    reason,
    message,
  };
}
