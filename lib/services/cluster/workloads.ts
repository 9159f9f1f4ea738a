import { getConfig } from "@/lib/config/env";
import type { KubeGateway, KubeObject } from "@/lib/kube";
import { parseDocument } from "@/lib/materialize";
import { latestMaterialized } from "@/lib/store/materialized";
import { decrypt } from "../crypto";
import { withKubeRetries } from "./retry";

/** Workloads are the Deployments and StatefulSets of the platform's namespaces. */
export const WORKLOAD_KINDS = ["Deployment", "StatefulSet"] as const;
export const isWorkloadKind = (kind: string) => (WORKLOAD_KINDS as readonly string[]).includes(kind);

/** Annotations by which a workload opts into the autoscaling controllers (see controllers/). */
export const ANNOTATION_PREFIX = "autoscaling.deployment-manager.io";

type Obj = Record<string, unknown>;
export const specOf = (o: KubeObject): Obj => (o.spec ?? {}) as Obj;
export const statusOf = (o: KubeObject): Obj => (o.status ?? {}) as Obj;
export const replicasOf = (o: KubeObject): number => (typeof specOf(o).replicas === "number" ? (specOf(o).replicas as number) : 1);

/** A workload by `Kind/namespace/name`. */
export const workloadId = (w: KubeObject): string => `${w.kind}/${w.metadata.namespace ?? getConfig().namespace}/${w.metadata.name}`;

type OwnerRef = { kind: string; name: string; controller?: boolean };
const controllerOf = (o: KubeObject | null) => ((o?.metadata.ownerReferences ?? []) as OwnerRef[]).find((r) => r.controller);

const globalForOwn = globalThis as typeof globalThis & { __dmOwnWorkload?: Promise<string | null> };

/** The workload (`Kind/namespace/name`) that owns the pod POD_NAME names: pod → ReplicaSet → Deployment, or → StatefulSet. */
async function findOwnWorkload(gateway: KubeGateway, namespace: string, podName: string): Promise<string | null> {
  let owner = controllerOf(await gateway.find({ kind: "Pod", namespace, name: podName }));
  if (owner?.kind === "ReplicaSet") owner = controllerOf(await gateway.find({ kind: "ReplicaSet", namespace, name: owner.name }));
  return owner && isWorkloadKind(owner.kind) ? `${owner.kind}/${namespace}/${owner.name}` : null;
}

/**
 * Tells the Deployment Manager's own workload, which whole-cluster operations (hibernate) leave
 * running: the one labelled `app.kubernetes.io/name: deployment-manager` (as deploy/kubernetes
 * labels it) and the one that owns the pod POD_NAME names, whatever its labels. The owner is looked
 * up once per process; a failed lookup (403, no answer) counts as none and is tried again next time.
 */
export async function managerWorkloadTest(gateway: KubeGateway): Promise<(w: KubeObject) => boolean> {
  const { podName, namespace } = getConfig();
  let own: string | null = null;
  if (podName) {
    globalForOwn.__dmOwnWorkload ??= findOwnWorkload(gateway, namespace, podName);
    own = await globalForOwn.__dmOwnWorkload.catch(() => {
      globalForOwn.__dmOwnWorkload = undefined;
      return null;
    });
  }
  return (w) => w.metadata.labels?.["app.kubernetes.io/name"] === "deployment-manager" || workloadId(w) === own;
}

/**
 * The namespaces the platform runs in: DM_NAMESPACE and every namespace a stored Deployment or
 * StatefulSet config names. Operations that act on "all workloads" stay inside these.
 */
export async function platformNamespaces(): Promise<string[]> {
  const namespaces = new Set([getConfig().namespace]);
  for (const row of await latestMaterialized()) {
    const type = (row.metadata as { type?: string } | null)?.type;
    if (type !== undefined && !isWorkloadKind(type)) continue;
    try {
      const object = parseDocument(decrypt(row.config)) as KubeObject;
      if (isWorkloadKind(object.kind) && object.metadata?.namespace) namespaces.add(object.metadata.namespace);
    } catch {
      // an unparsable config names no namespace
    }
  }
  return [...namespaces].sort();
}

/** The HPA (if any) that scales each workload, by `Kind/namespace/name`. */
export function hpaByTarget(hpas: readonly KubeObject[]): Map<string, KubeObject> {
  const map = new Map<string, KubeObject>();
  for (const hpa of hpas) {
    const ref = (specOf(hpa).scaleTargetRef ?? {}) as { kind?: string; name?: string };
    if (ref.kind && ref.name) map.set(`${ref.kind}/${hpa.metadata.namespace}/${ref.name}`, hpa);
  }
  return map;
}

export async function listWorkloadsIn(gateway: KubeGateway, namespace: string): Promise<KubeObject[]> {
  const lists = await Promise.all(WORKLOAD_KINDS.map((kind) => withKubeRetries(() => gateway.list(kind, { namespace }))));
  return lists.flat();
}
