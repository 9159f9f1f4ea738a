// StatefulSet: pods <name>-0 … <name>-(n-1). OrderedReady creates one at a time, each after the
// previous is Ready; scale-down removes the highest ordinals; a template change replaces pods
// from the highest ordinal down, one at a time.
import { arr, obj, str, type Obj } from "../json";
import { resourceByKind } from "../registry";
import { claimPods } from "./replicaset";
import type { ControllerContext } from "./context";
import { CONTROLLER_MANAGER, isPodReady, nameOf, namespaceOf, ownerRef, podFromTemplate, replicasOf, templateHash, withStatus } from "./util";

const STS = resourceByKind("StatefulSet");
const POD = resourceByKind("Pod");
const REVISION_LABEL = "controller-revision-hash";

function ordinal(sts: Obj, pod: Obj): number {
  const m = new RegExp(`^${nameOf(sts).replace(/[.]/g, "\\.")}-(\\d+)$`).exec(nameOf(pod));
  return m?.[1] ? Number(m[1]) : -1;
}

export function reconcileStatefulSet(ctx: ControllerContext, sts: Obj): void {
  const ns = namespaceOf(sts);
  const spec = obj(sts.spec);
  const want = replicasOf(sts);
  const revision = `${nameOf(sts)}-${templateHash(spec.template)}`;
  const ordered = spec.podManagementPolicy !== "Parallel";
  const pods = new Map<number, Obj>();
  for (const pod of claimPods(ctx, sts, STS)) {
    const i = ordinal(sts, pod);
    if (i >= 0) pods.set(i, pod);
  }
  for (const [i, pod] of [...pods].sort((a, b) => b[0] - a[0])) {
    if (i < want) continue;
    ctx.api.delete(POD, ns, nameOf(pod));
    pods.delete(i);
  }
  for (let i = 0; i < want; i++) {
    const existing = pods.get(i);
    if (existing) {
      if (ordered && !isPodReady(existing)) break;
      continue;
    }
    const name = `${nameOf(sts)}-${i}`;
    if (ctx.api.find(POD, ns, name)) break;
    const pod = podFromTemplate(
      spec.template,
      name,
      ns,
      { [REVISION_LABEL]: revision, "statefulset.kubernetes.io/pod-name": name, "apps.kubernetes.io/pod-index": String(i) },
      ownerRef(STS, sts),
    );
    const podSpec = obj(pod.spec);
    podSpec.hostname = name;
    if (str(spec.serviceName)) podSpec.subdomain = spec.serviceName;
    pods.set(i, ctx.api.create(POD, ns, pod, { manager: CONTROLLER_MANAGER }));
    if (ordered) break;
  }
  const all = [...pods.values()];
  const outdated = all.filter((p) => obj(obj(p.metadata).labels)[REVISION_LABEL] !== revision);
  if (outdated.length && all.length === want && all.every(isPodReady)) {
    const victim = outdated.sort((a, b) => ordinal(sts, b) - ordinal(sts, a))[0];
    if (victim) ctx.api.delete(POD, ns, nameOf(victim));
  }
  const ready = all.filter(isPodReady).length;
  const updated = all.length - outdated.length;
  const next = withStatus(sts, {
    observedGeneration: obj(sts.metadata).generation,
    replicas: all.length,
    readyReplicas: ready || undefined,
    currentReplicas: updated || undefined,
    updatedReplicas: updated || undefined,
    availableReplicas: ready,
    currentRevision: outdated.length ? (str(obj(sts.status).currentRevision) ?? revision) : revision,
    updateRevision: revision,
    collisionCount: 0,
  });
  if (arr(obj(next.status).conditions).length === 0) delete obj(next.status).conditions;
  ctx.api.writeAs(STS, sts, next, CONTROLLER_MANAGER, "status");
}
