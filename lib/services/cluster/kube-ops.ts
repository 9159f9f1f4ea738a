import { conflict, notFound } from "@/lib/services/errors";
import { getConfig } from "@/lib/config/env";
import type { KubeGateway, KubeObject } from "@/lib/kube";
import { getKube } from "../cluster";
import { audit } from "./audit";
import { asKubeError } from "./retry";
import { BINARY } from "./controllers/binary-autoscaler";
import { SCALE_DOWN_AFTER } from "./controllers/scale-down-to-zero";
import { hpaByTarget, listWorkloadsIn, managerWorkloadTest, platformNamespaces, replicasOf, specOf, statusOf } from "./workloads";

/** Pods and Jobs: delete, quarantine, logs; the console's view of workloads; autoscaled names. */

export const QUARANTINED = "deployment-manager.io/quarantined";
export const QUARANTINED_FROM = "deployment-manager.io/quarantined-from";

type Ref = { name: string; namespace?: string | undefined };

async function orNotFound<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (asKubeError(error)?.status === 404) throw notFound(`${what} not found`);
    throw error;
  }
}

const nsOf = (ref: Ref) => ref.namespace ?? getConfig().namespace;

export async function deleteJob(ref: Ref, actor: string): Promise<void> {
  const { gateway } = await getKube();
  const namespace = nsOf(ref);
  await orNotFound(`Job ${namespace}/${ref.name}`, () => gateway.delete({ kind: "Job", namespace, name: ref.name }, { propagationPolicy: "Background" }));
  await audit(actor, "kube.job.delete", `${namespace}/${ref.name}`);
}

export async function deletePod(ref: Ref, actor: string): Promise<void> {
  const { gateway } = await getKube();
  const namespace = nsOf(ref);
  await orNotFound(`Pod ${namespace}/${ref.name}`, () => gateway.delete({ kind: "Pod", namespace, name: ref.name }));
  await audit(actor, "kube.pod.delete", `${namespace}/${ref.name}`);
}

type Selector = { matchLabels?: Record<string, string>; matchExpressions?: { key: string }[] };

function selectorKeys(selector: Selector | Record<string, string> | undefined, isLabelMap: boolean): string[] {
  if (!selector) return [];
  if (isLabelMap) return Object.keys(selector);
  const s = selector as Selector;
  return [...Object.keys(s.matchLabels ?? {}), ...(s.matchExpressions ?? []).map((e) => e.key)];
}

const selects = (selector: Record<string, string> | undefined, labels: Record<string, string>) =>
  !!selector && Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels[k] === v);

/**
 * Quarantine: the pod loses the labels its owner's selector and the selecting Services' selectors
 * use, and gains `deployment-manager.io/quarantined: "true"` (+ `quarantined-from: <owner>`). Its
 * owner releases it and starts a replacement; Services stop routing to it; it keeps running for
 * inspection until someone deletes it. When the owner cannot be read (RBAC forbids it), the
 * Services' selectors alone decide. A StatefulSet's pod is refused (409): its replacement would
 * need the name the quarantined pod keeps.
 */
export async function quarantinePod(ref: Ref, actor: string): Promise<{ removedLabels: string[]; owner: string | null }> {
  const { gateway } = await getKube();
  const namespace = nsOf(ref);
  const pod = await orNotFound(`Pod ${namespace}/${ref.name}`, () => gateway.get({ kind: "Pod", namespace, name: ref.name }));
  const labels = pod.metadata.labels ?? {};
  const ownerRef = ((pod.metadata.ownerReferences ?? []) as { kind: string; name: string; controller?: boolean }[]).find((o) => o.controller);
  if (ownerRef?.kind === "StatefulSet") {
    throw conflict(
      `Pod ${namespace}/${ref.name} belongs to StatefulSet ${ownerRef.name}, which cannot start a replacement while the quarantined pod keeps its name: delete the pod instead (kube/pod/delete)`,
    );
  }
  const keys = new Set<string>();
  if (ownerRef) {
    const owner = await ownerOrUnknown(gateway, { kind: ownerRef.kind, namespace, name: ownerRef.name });
    if (owner) selectorKeys(specOf(owner).selector as Selector | undefined, false).forEach((k) => keys.add(k));
  }
  for (const service of await gateway.list("Service", { namespace })) {
    const selector = specOf(service).selector as Record<string, string> | undefined;
    if (selects(selector, labels)) selectorKeys(selector, true).forEach((k) => keys.add(k));
  }
  const removed = [...keys].filter((k) => k in labels && k !== QUARANTINED).sort();
  const change: Record<string, string | null> = Object.fromEntries(removed.map((k) => [k, null]));
  change[QUARANTINED] = "true";
  if (ownerRef) change[QUARANTINED_FROM] = ownerRef.name.slice(0, 63).replace(/[^A-Za-z0-9]+$/, "");
  await gateway.patchLabels({ kind: "Pod", namespace, name: ref.name }, change);
  const outcome = { removedLabels: removed, owner: ownerRef ? `${ownerRef.kind}/${ownerRef.name}` : null };
  await audit(actor, "kube.pod.quarantine", `${namespace}/${ref.name}`, outcome);
  return outcome;
}

/** The pod's owner, or null when it is gone or RBAC does not let us read it (403). */
async function ownerOrUnknown(gateway: KubeGateway, ref: { kind: string; namespace: string; name: string }): Promise<KubeObject | null> {
  try {
    return await gateway.find(ref);
  } catch (error) {
    if (asKubeError(error)?.status === 403) return null;
    throw error;
  }
}

export async function podLogs(ref: Ref & { container?: string | undefined; tailLines: number }): Promise<string> {
  const { gateway } = await getKube();
  const namespace = nsOf(ref);
  return orNotFound(`Pod ${namespace}/${ref.name}`, () =>
    gateway.podLogs(namespace, ref.name, { tailLines: ref.tailLines, ...(ref.container ? { container: ref.container } : {}) }),
  );
}

/** `resourcing/autoscaled`: workloads an HPA scales or that opted into an autoscaling controller. */
export async function autoscaledNames(): Promise<string[]> {
  const { gateway } = await getKube();
  const names = new Set<string>();
  for (const namespace of await platformNamespaces()) {
    const [hpas, workloads] = await Promise.all([gateway.listHpas(namespace), listWorkloadsIn(gateway, namespace)]);
    const hpaOf = hpaByTarget(hpas);
    for (const w of workloads) {
      const annotations = w.metadata.annotations ?? {};
      if (hpaOf.has(`${w.kind}/${namespace}/${w.metadata.name}`) || annotations[BINARY] === "true" || annotations[SCALE_DOWN_AFTER]) names.add(w.metadata.name);
    }
  }
  return [...names].sort();
}

export type PodView = { name: string; namespace: string; phase: string; ready: boolean; restarts: number; quarantined: boolean; createdAt: string | null };
export type WorkloadView = {
  kind: string;
  namespace: string;
  name: string;
  desired: number;
  ready: number;
  /** The Deployment Manager itself: hibernate leaves it running. */
  manager: boolean;
  hpa: { name: string; min: number | null; max: number | null } | null;
  controllers: string[];
  pods: PodView[];
};
export type JobView = { namespace: string; name: string; active: number; succeeded: number; failed: number; complete: boolean };
export type ClusterView = { namespaces: string[]; workloads: WorkloadView[]; jobs: JobView[]; otherPods: PodView[] };

function podView(pod: KubeObject): PodView {
  const status = statusOf(pod) as { phase?: string; conditions?: { type?: string; status?: string }[]; containerStatuses?: { restartCount?: number }[] };
  return {
    name: pod.metadata.name,
    namespace: pod.metadata.namespace ?? "",
    phase: pod.metadata.deletionTimestamp ? "Terminating" : (status.phase ?? "Pending"),
    ready: (status.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True"),
    restarts: (status.containerStatuses ?? []).reduce((n, c) => n + (c.restartCount ?? 0), 0),
    quarantined: pod.metadata.labels?.[QUARANTINED] === "true",
    createdAt: pod.metadata.creationTimestamp ?? null,
  };
}

async function namespaceView(gateway: KubeGateway, namespace: string, isManager: (w: KubeObject) => boolean): Promise<Omit<ClusterView, "namespaces">> {
  const [workloads, pods, hpas, jobs] = await Promise.all([
    listWorkloadsIn(gateway, namespace),
    gateway.list("Pod", { namespace }),
    gateway.listHpas(namespace),
    gateway.list("Job", { namespace }),
  ]);
  const hpaOf = hpaByTarget(hpas);
  const claimed = new Set<string>();
  const views = workloads.map((w): WorkloadView => {
    const selector = ((specOf(w).selector ?? {}) as Selector).matchLabels ?? {};
    const mine = pods.filter((p) => selects(selector, p.metadata.labels ?? {}));
    mine.forEach((p) => claimed.add(p.metadata.name));
    const hpa = hpaOf.get(`${w.kind}/${namespace}/${w.metadata.name}`);
    const annotations = w.metadata.annotations ?? {};
    return {
      kind: w.kind,
      namespace,
      name: w.metadata.name,
      desired: replicasOf(w),
      ready: Number(statusOf(w).readyReplicas ?? 0),
      manager: isManager(w),
      hpa: hpa ? { name: hpa.metadata.name, min: (specOf(hpa).minReplicas as number | undefined) ?? 1, max: (specOf(hpa).maxReplicas as number | undefined) ?? null } : null,
      controllers: [...(annotations[BINARY] === "true" ? ["binary-autoscaler"] : []), ...(annotations[SCALE_DOWN_AFTER] ? ["scale-down-to-zero"] : [])],
      pods: mine.map(podView).sort((a, b) => a.name.localeCompare(b.name)),
    };
  });
  const jobViews = jobs.map((j): JobView => {
    const s = statusOf(j) as { active?: number; succeeded?: number; failed?: number; conditions?: { type?: string; status?: string }[] };
    return {
      namespace,
      name: j.metadata.name,
      active: s.active ?? 0,
      succeeded: s.succeeded ?? 0,
      failed: s.failed ?? 0,
      complete: (s.conditions ?? []).some((c) => c.type === "Complete" && c.status === "True"),
    };
  });
  const otherPods = pods.filter((p) => !claimed.has(p.metadata.name) && !(p.metadata.ownerReferences as { kind?: string }[] | undefined)?.some((o) => o.kind === "Job")).map(podView);
  return { workloads: views, jobs: jobViews, otherPods };
}

/** The console's Cluster view: 4 LISTs (+2 for workload kinds) per platform namespace. */
export async function clusterView(): Promise<ClusterView> {
  const { gateway } = await getKube();
  const [namespaces, isManager] = await Promise.all([platformNamespaces(), managerWorkloadTest(gateway)]);
  const parts = await Promise.all(namespaces.map((ns) => namespaceView(gateway, ns, isManager)));
  return {
    namespaces,
    workloads: parts.flatMap((p) => p.workloads).sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name)),
    jobs: parts.flatMap((p) => p.jobs),
    otherPods: parts.flatMap((p) => p.otherPods),
  };
}
