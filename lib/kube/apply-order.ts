/**
 * The order in which a push applies objects, as Helm and Argo CD order them: Namespaces, then
 * CRDs (the push waits until they are Established), ServiceAccounts, RBAC, ConfigMaps, Secrets,
 * Services, workloads, and custom resources last. Other built-in kinds sit where Helm puts them
 * (storage before the workloads that mount it; ingresses, APIServices and webhooks after them).
 * Objects of one phase are applied together; a phase starts when the one before has finished.
 */

const PHASES: readonly (readonly string[])[] = [
  ["/Namespace"],
  ["apiextensions.k8s.io/CustomResourceDefinition"],
  ["scheduling.k8s.io/PriorityClass", "/ResourceQuota", "/LimitRange", "networking.k8s.io/NetworkPolicy", "policy/PodDisruptionBudget"],
  ["/ServiceAccount"],
  [
    "rbac.authorization.k8s.io/ClusterRole",
    "rbac.authorization.k8s.io/ClusterRoleBinding",
    "rbac.authorization.k8s.io/Role",
    "rbac.authorization.k8s.io/RoleBinding",
  ],
  ["/ConfigMap"],
  ["/Secret"],
  ["storage.k8s.io/StorageClass", "/PersistentVolume", "/PersistentVolumeClaim"],
  ["/Service", "discovery.k8s.io/EndpointSlice", "/Endpoints"],
  [
    "apps/DaemonSet",
    "/Pod",
    "/ReplicationController",
    "apps/ReplicaSet",
    "apps/Deployment",
    "apps/StatefulSet",
    "batch/Job",
    "batch/CronJob",
    "autoscaling/HorizontalPodAutoscaler",
  ],
  [
    "networking.k8s.io/IngressClass",
    "networking.k8s.io/Ingress",
    "apiregistration.k8s.io/APIService",
    "admissionregistration.k8s.io/MutatingWebhookConfiguration",
    "admissionregistration.k8s.io/ValidatingWebhookConfiguration",
  ],
];

const PHASE_OF = new Map(PHASES.flatMap((kinds, phase) => kinds.map((k) => [k.toLowerCase(), phase] as const)));

/** Groups served by Kubernetes itself; a kind of another group is a custom resource. */
const BUILTIN_GROUP = /^(|apps|batch|autoscaling|policy|[a-z0-9.-]*\.k8s\.io)$/;

/** Built-in kinds not in the table come with the workloads; custom resources come last. */
export function applyPhase(group: string, kind: string): number {
  const phase = PHASE_OF.get(`${group}/${kind}`.toLowerCase());
  if (phase !== undefined) return phase;
  return BUILTIN_GROUP.test(group) ? PHASES.length - 2 : PHASES.length;
}

/** The items in push order: a list per phase, empty phases left out. */
export function inApplyOrder<T>(items: readonly T[], idOf: (item: T) => { group: string; kind: string }): T[][] {
  const phases = new Map<number, T[]>();
  for (const item of items) {
    const id = idOf(item);
    const phase = applyPhase(id.group, id.kind);
    const list = phases.get(phase);
    if (list === undefined) phases.set(phase, [item]);
    else list.push(item);
  }
  return [...phases].sort(([a], [b]) => a - b).map(([, list]) => list);
}
