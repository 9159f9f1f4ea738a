// Shared pieces of the simulated controllers.
import { arr, clone, isObj, obj, stableStringify, str, type Obj } from "../json";
import { groupVersion, type ResourceType } from "../registry";

export const CONTROLLER_MANAGER = "kube-controller-manager";
export const KUBELET = "kubelet";

const SAFE = "bcdfghjklmnpqrstvwxz2456789";

/** The value without null-valued keys (typed clients send `creationTimestamp: null` in templates). */
function withoutNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutNulls);
  if (isObj(v)) return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null).map(([k, x]) => [k, withoutNulls(x)]));
  return v;
}

/** A short hash of a pod template, spelled like the real `pod-template-hash`. */
export function templateHash(template: unknown): string {
  let h = 0x811c9dc5;
  for (const ch of stableStringify(withoutNulls(template))) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return [...String(h)].map((c) => SAFE[c.charCodeAt(0) % SAFE.length]).join("");
}

export function nameOf(o: Obj): string {
  return str(obj(o.metadata).name) ?? "";
}

export function namespaceOf(o: Obj): string {
  return str(obj(o.metadata).namespace) ?? "";
}

export function uidOf(o: Obj): string {
  return str(obj(o.metadata).uid) ?? "";
}

export function controllerRef(o: Obj): Obj | undefined {
  return arr(obj(o.metadata).ownerReferences)
    .map(obj)
    .find((r) => r.controller === true);
}

export function isControlledBy(o: Obj, owner: Obj): boolean {
  return controllerRef(o)?.uid === uidOf(owner);
}

export function ownerRef(rt: ResourceType, owner: Obj): Obj {
  return {
    apiVersion: groupVersion(rt),
    kind: rt.kind,
    name: nameOf(owner),
    uid: uidOf(owner),
    controller: true,
    blockOwnerDeletion: true,
  };
}

export function podFromTemplate(template: unknown, name: string, ns: string, extraLabels: Record<string, string>, owner: Obj): Obj {
  const t = obj(template);
  const tm = obj(t.metadata);
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      namespace: ns,
      labels: { ...obj(tm.labels), ...extraLabels },
      ...(tm.annotations ? { annotations: clone(tm.annotations) } : {}),
      ownerReferences: [owner],
    },
    spec: clone(obj(t.spec)),
  };
}

export function podPhase(pod: Obj): string {
  return str(obj(pod.status).phase) ?? "Pending";
}

export function isPodReady(pod: Obj): boolean {
  return arr(obj(pod.status).conditions).some((c) => obj(c).type === "Ready" && obj(c).status === "True");
}

export function isPodActive(pod: Obj): boolean {
  const phase = podPhase(pod);
  return phase !== "Succeeded" && phase !== "Failed" && !obj(pod.metadata).deletionTimestamp;
}

export function replicasOf(o: Obj, fallback = 1): number {
  const r = obj(o.spec).replicas;
  return typeof r === "number" ? r : fallback;
}

/** The status with `fields` set; the caller writes it only when it changed. */
export function withStatus(o: Obj, fields: Obj): Obj {
  const next = clone(o);
  next.status = { ...obj(o.status), ...fields };
  for (const [k, v] of Object.entries(obj(next.status))) if (v === undefined) delete obj(next.status)[k];
  return next;
}
