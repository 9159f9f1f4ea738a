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
 * The table also says how the API server itself tells list elements apart, for drift
 * (drift-diff.ts): `listMapKeys` where its list-map-keys are more than the merge key (ports by
 * port and protocol), and `atomic` lists whose elements it matches by position (NetworkPolicy's
 * rules and ports); a strategic merge replaces an atomic list as it does any list without one.
 *
 * `retainKeys` strategies are left out on purpose: they only shape patches that kubectl
 * computes; applying a patch honours an explicit `$retainKeys` directive wherever it appears.
 *
 * Kinds are looked up by API group and kind: a custom resource of kind `Deployment` in group
 * `example.com` is no Deployment. Custom resources get their meta from their CRD (crds.ts).
 */
import { groupOf } from "./scope";

export interface FieldMeta {
  readonly strategy?: "merge" | "replace";
  readonly mergeKey?: string;
  /**
   * The fields that identify an element for the API server (server-side apply's
   * `listMapKeys`), where they are more than `mergeKey`: container ports are
   * `[containerPort, protocol]`; an element without a key field has its `keyDefaults` value.
   * Drift matches elements by them (drift-diff.ts); a strategic merge only by `mergeKey`.
   */
  readonly listMapKeys?: readonly string[];
  readonly keyDefaults?: Readonly<Record<string, unknown>>;
  /**
   * A CRD's `x-kubernetes-list-type: map` (crds.ts): a patch merges it as server-side apply
   * does, by all `listMapKeys` (else `mergeKey`) and in its element order (merge-list.ts).
   */
  readonly associative?: boolean;
  /** The struct of the field (for a list: of its elements). */
  readonly type?: StructMeta;
}

/** The meta of every field a struct does not name (a CRD schema's `additionalProperties`). */
export const ANY_FIELD: unique symbol = Symbol("additionalProperties");

export type StructMeta = { readonly [field: string]: FieldMeta; readonly [ANY_FIELD]?: FieldMeta };

const keyed = (mergeKey: string, type?: StructMeta): FieldMeta => ({ strategy: "merge", mergeKey, type });
const primitiveSet: FieldMeta = { strategy: "merge" };
const replaced: FieldMeta = { strategy: "replace" };
const atomic = (type?: StructMeta): FieldMeta => ({ strategy: "replace", type });
const struct = (type: StructMeta): FieldMeta => ({ type });
/** Ports: merged by `mergeKey`, told apart by the API server by it and the protocol (TCP when absent). */
const ports = (mergeKey: string): FieldMeta => ({ ...keyed(mergeKey), listMapKeys: [mergeKey, "protocol"], keyDefaults: { protocol: "TCP" } });

const conditionsByType = keyed("type");

export const objectMeta: StructMeta = {
  finalizers: primitiveSet,
  ownerReferences: keyed("uid"),
};

const container: StructMeta = {
  ports: ports("containerPort"),
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
  topologySpreadConstraints: { ...keyed("topologyKey"), listMapKeys: ["topologyKey", "whenUnsatisfiable"] },
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

/** The built-in kinds by API group (`extensions`: the group of older releases' workloads). */
const KINDS: { readonly [group: string]: { readonly [kind: string]: StructMeta } } = {
  "": {
    Pod: { metadata: struct(objectMeta), spec: struct(podSpec), status: struct(podStatus) },
    PodTemplate: { metadata: struct(objectMeta), template: struct(podTemplateSpec) },
    ReplicationController: workload,
    Service: {
      metadata: struct(objectMeta),
      spec: struct({ ports: ports("port") }),
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
  },
  apps: { Deployment: workload, StatefulSet: workload, DaemonSet: workload, ReplicaSet: workload },
  extensions: { Deployment: workload, DaemonSet: workload, ReplicaSet: workload },
  batch: {
    Job: workload,
    CronJob: {
      metadata: struct(objectMeta),
      spec: struct({ jobTemplate: struct({ metadata: struct(objectMeta), spec: struct({ template: struct(podTemplateSpec) }) }) }),
    },
  },
  autoscaling: { HorizontalPodAutoscaler: withConditions },
  "networking.k8s.io": {
    NetworkPolicy: {
      metadata: struct(objectMeta),
      spec: struct({ ingress: atomic({ ports: atomic(), from: atomic() }), egress: atomic({ ports: atomic(), to: atomic() }) }),
    },
  },
  policy: {
    PodDisruptionBudget: {
      metadata: struct(objectMeta),
      spec: struct({ selector: replaced }),
      status: struct({ conditions: conditionsByType }),
    },
  },
};

const BY_KIND: { readonly [kind: string]: StructMeta } = Object.assign({}, ...Object.values(KINDS));

const anyObject: StructMeta = { metadata: struct(objectMeta) };

/** The merge metadata the store's CRDs give their custom resources (crds.ts: CrdIndex). */
export interface CustomResourceMeta {
  /** Undefined when no CRD defines the kind. */
  patchMeta(apiVersion: unknown, kind: string): StructMeta | undefined;
}

/**
 * The merge metadata of a kind: a built-in kind's when the API group is its group (any group
 * when `apiVersion` is not given); else the one its CRD gives (see `crds`); else ObjectMeta
 * only: a custom resource's lists are replaced, as kubectl's merge patch does.
 */
export function patchMetaForKind(kind: string | undefined, apiVersion?: unknown, crds?: CustomResourceMeta): StructMeta {
  if (kind === undefined) return anyObject;
  const group = groupOf(apiVersion);
  const builtIn = group === undefined ? BY_KIND : Object.hasOwn(KINDS, group) ? KINDS[group] : undefined;
  return (builtIn !== undefined && Object.hasOwn(builtIn, kind) ? builtIn[kind] : undefined) ?? crds?.patchMeta(apiVersion, kind) ?? anyObject;
}

export function fieldMeta(type: StructMeta | undefined, field: string): FieldMeta | undefined {
  if (type === undefined) return undefined;
  return Object.hasOwn(type, field) ? type[field] : type[ANY_FIELD];
}

/** The merge key of a list field, if it merges by key. */
export function listMergeKey(type: StructMeta | undefined, field: string): string | undefined {
  return fieldMeta(type, field)?.mergeKey;
}
