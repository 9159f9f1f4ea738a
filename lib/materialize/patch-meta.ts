/**
 * Strategic merge metadata of the built-in Kubernetes kinds: for each list field, its
 * `patchStrategy` and `patchMergeKey` as declared in the Go API types (k8s.io/api and
 * apimachinery's ObjectMeta). Only fields that matter to the merge are listed:
 *
 * - a list with `merge` strategy and a merge key merges element by element (`keyed(...)`);
 * - a list of primitives with `merge` strategy is a set (`primitiveSet`): union, deduplicated;
 * - a map with `replace` strategy is replaced whole (`replaced`);
 * - every other list (tolerations, envFrom, args, command, volumeClaimTemplates, ...) has no
 *   strategy and is replaced; every other map merges key by key.
 *
 * `retainKeys` strategies are left out on purpose: they only shape patches that kubectl
 * computes; applying a patch honours an explicit `$retainKeys` directive wherever it appears.
 */
export interface FieldMeta {
  readonly strategy?: "merge" | "replace";
  readonly mergeKey?: string;
  /** The struct of the field (for a list: of its elements). */
  readonly type?: StructMeta;
}

export type StructMeta = { readonly [field: string]: FieldMeta };

const keyed = (mergeKey: string, type?: StructMeta): FieldMeta => ({ strategy: "merge", mergeKey, type });
const primitiveSet: FieldMeta = { strategy: "merge" };
const replaced: FieldMeta = { strategy: "replace" };
const struct = (type: StructMeta): FieldMeta => ({ type });

const conditionsByType = keyed("type");

const objectMeta: StructMeta = {
  finalizers: primitiveSet,
  ownerReferences: keyed("uid"),
};

const container: StructMeta = {
  ports: keyed("containerPort"),
  env: keyed("name"),
  volumeMounts: keyed("mountPath"),
  volumeDevices: keyed("devicePath"),
};

const containerStatus: StructMeta = {
  volumeMounts: keyed("mountPath"),
  allocatedResourcesStatus: keyed("name"),
};

const podSpec: StructMeta = {
  volumes: keyed("name"),
  initContainers: keyed("name", container),
  containers: keyed("name", container),
  ephemeralContainers: keyed("name", container),
  imagePullSecrets: keyed("name"),
  hostAliases: keyed("ip"),
  topologySpreadConstraints: keyed("topologyKey"),
  schedulingGates: keyed("name"),
  resourceClaims: keyed("name"),
};

const podStatus: StructMeta = {
  conditions: conditionsByType,
  hostIPs: keyed("ip"),
  podIPs: keyed("ip"),
  resourceClaimStatuses: keyed("name"),
  initContainerStatuses: { type: containerStatus },
  containerStatuses: { type: containerStatus },
  ephemeralContainerStatuses: { type: containerStatus },
};

const podTemplateSpec: StructMeta = { metadata: struct(objectMeta), spec: struct(podSpec) };

/** Workloads whose spec holds a pod `template` and whose status has keyed conditions. */
const workload: StructMeta = {
  metadata: struct(objectMeta),
  spec: struct({ template: struct(podTemplateSpec) }),
  status: struct({ conditions: conditionsByType }),
};

const withConditions: StructMeta = {
  metadata: struct(objectMeta),
  status: struct({ conditions: conditionsByType }),
};

const KINDS: { readonly [kind: string]: StructMeta } = {
  Pod: { metadata: struct(objectMeta), spec: struct(podSpec), status: struct(podStatus) },
  PodTemplate: { metadata: struct(objectMeta), template: struct(podTemplateSpec) },
  Deployment: workload,
  StatefulSet: workload,
  DaemonSet: workload,
  ReplicaSet: workload,
  ReplicationController: workload,
  Job: workload,
  CronJob: {
    metadata: struct(objectMeta),
    spec: struct({ jobTemplate: struct({ metadata: struct(objectMeta), spec: struct({ template: struct(podTemplateSpec) }) }) }),
  },
  Service: {
    metadata: struct(objectMeta),
    spec: struct({ ports: keyed("port") }),
    status: struct({ conditions: conditionsByType }),
  },
  ServiceAccount: { metadata: struct(objectMeta), secrets: keyed("name") },
  Node: {
    metadata: struct(objectMeta),
    spec: struct({ podCIDRs: primitiveSet }),
    status: struct({ conditions: conditionsByType, addresses: keyed("type") }),
  },
  Namespace: withConditions,
  PersistentVolumeClaim: withConditions,
  HorizontalPodAutoscaler: withConditions,
  PodDisruptionBudget: {
    metadata: struct(objectMeta),
    spec: struct({ selector: replaced }),
    status: struct({ conditions: conditionsByType }),
  },
};

const anyObject: StructMeta = { metadata: struct(objectMeta) };

/** The merge metadata of a kind; unknown kinds (custom resources) only know ObjectMeta. */
export function patchMetaForKind(kind: string | undefined): StructMeta {
  return (kind !== undefined && Object.hasOwn(KINDS, kind) ? KINDS[kind] : undefined) ?? anyObject;
}

export function fieldMeta(type: StructMeta | undefined, field: string): FieldMeta | undefined {
  return type !== undefined && Object.hasOwn(type, field) ? type[field] : undefined;
}

/** The merge key of a list field, if it merges by key. */
export function listMergeKey(type: StructMeta | undefined, field: string): string | undefined {
  return fieldMeta(type, field)?.mergeKey;
}
