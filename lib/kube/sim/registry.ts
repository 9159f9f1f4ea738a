// The resource types the simulator serves, and the discovery documents built from them: the
// built-in kinds of a 1.32 server (BUILTIN_TYPES) and, per simulator, the kinds its
// CustomResourceDefinitions add (Registry).
import type { Obj } from "./json";

export type Subresource = "status" | "scale" | "log";

export interface ResourceType {
  group: string;
  /** The storage version; objects are kept in it and converted to the other served versions (see convert.ts). */
  version: string;
  /** Older versions the group serves the resource in too (autoscaling/v1 HPAs), preferred version first in discovery. */
  alsoServedIn: string[];
  kind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  subresources: Subresource[];
  /** metadata.generation is maintained (bumped on spec changes). */
  generation: boolean;
  categories: string[];
  /** Set for the kinds a CustomResourceDefinition adds. */
  custom?: CustomResource;
}

/** What a CustomResourceDefinition says about its kind (see crd.ts). */
export interface CustomResource {
  /** The CRD's name (`plural.group`). */
  crd: string;
  listKind: string;
  /** Served versions, by name: schema, printer columns, selectable fields. */
  versions: Record<string, CustomVersion>;
  /** The scale subresource's paths (of the storage version), when it declares one. */
  scale?: { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string };
}

export interface CustomVersion {
  schema: Obj | undefined;
  columns: PrinterColumn[];
  /** JSON paths (`.spec.color`) a field selector may name, besides metadata.name and metadata.namespace. */
  selectableFields: string[];
}

export interface PrinterColumn {
  name: string;
  type: string;
  format?: string;
  description?: string;
  priority?: number;
  jsonPath: string;
}

type Def = [kind: string, plural: string, opts?: Partial<Omit<ResourceType, "group" | "version" | "kind" | "plural">>];

const CLUSTER = { namespaced: false } as const;
const STATUS: Subresource[] = ["status"];
const WORKLOAD: Partial<ResourceType> = { subresources: ["status", "scale"], generation: true, categories: ["all"] };
const API_EXTENSIONS = ["api-extensions"];
const VERBS = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

const GROUPS: { group: string; version: string; alsoServedIn?: string[]; defs: Def[] }[] = [
  {
    group: "",
    version: "v1",
    defs: [
      ["Namespace", "namespaces", { ...CLUSTER, shortNames: ["ns"], subresources: STATUS }],
      ["Node", "nodes", { ...CLUSTER, shortNames: ["no"], subresources: STATUS }],
      ["Pod", "pods", { shortNames: ["po"], subresources: ["status", "log"], categories: ["all"] }],
      ["Service", "services", { shortNames: ["svc"], subresources: STATUS, categories: ["all"] }],
      ["Endpoints", "endpoints", { shortNames: ["ep"] }],
      ["ConfigMap", "configmaps", { shortNames: ["cm"] }],
      ["Secret", "secrets"],
      ["ServiceAccount", "serviceaccounts", { shortNames: ["sa"] }],
      ["PersistentVolumeClaim", "persistentvolumeclaims", { shortNames: ["pvc"], subresources: STATUS }],
      ["PersistentVolume", "persistentvolumes", { ...CLUSTER, shortNames: ["pv"], subresources: STATUS }],
      ["Event", "events", { shortNames: ["ev"] }],
      ["LimitRange", "limitranges", { shortNames: ["limits"] }],
      ["ResourceQuota", "resourcequotas", { shortNames: ["quota"], subresources: STATUS }],
    ],
  },
  {
    group: "apps",
    version: "v1",
    defs: [
      ["Deployment", "deployments", { ...WORKLOAD, shortNames: ["deploy"] }],
      ["StatefulSet", "statefulsets", { ...WORKLOAD, shortNames: ["sts"] }],
      ["ReplicaSet", "replicasets", { ...WORKLOAD, shortNames: ["rs"] }],
      ["DaemonSet", "daemonsets", { subresources: STATUS, generation: true, shortNames: ["ds"], categories: ["all"] }],
      ["ControllerRevision", "controllerrevisions"],
    ],
  },
  {
    group: "batch",
    version: "v1",
    defs: [
      ["Job", "jobs", { subresources: STATUS, generation: true, categories: ["all"] }],
      ["CronJob", "cronjobs", { subresources: STATUS, generation: true, shortNames: ["cj"], categories: ["all"] }],
    ],
  },
  {
    group: "networking.k8s.io",
    version: "v1",
    defs: [
      ["Ingress", "ingresses", { shortNames: ["ing"], subresources: STATUS, generation: true }],
      ["NetworkPolicy", "networkpolicies", { shortNames: ["netpol"], generation: true }],
      ["IngressClass", "ingressclasses", { ...CLUSTER }],
    ],
  },
  {
    group: "autoscaling",
    version: "v2",
    alsoServedIn: ["v1"],
    defs: [
      [
        "HorizontalPodAutoscaler",
        "horizontalpodautoscalers",
        { shortNames: ["hpa"], subresources: STATUS, generation: true, categories: ["all"] },
      ],
    ],
  },
  {
    group: "policy",
    version: "v1",
    defs: [["PodDisruptionBudget", "poddisruptionbudgets", { shortNames: ["pdb"], subresources: STATUS, generation: true }]],
  },
  {
    group: "rbac.authorization.k8s.io",
    version: "v1",
    defs: [
      ["Role", "roles"],
      ["RoleBinding", "rolebindings"],
      ["ClusterRole", "clusterroles", { ...CLUSTER }],
      ["ClusterRoleBinding", "clusterrolebindings", { ...CLUSTER }],
    ],
  },
  {
    group: "storage.k8s.io",
    version: "v1",
    defs: [
      ["StorageClass", "storageclasses", { ...CLUSTER, shortNames: ["sc"] }],
      ["CSIDriver", "csidrivers", { ...CLUSTER }],
      ["CSINode", "csinodes", { ...CLUSTER }],
      ["VolumeAttachment", "volumeattachments", { ...CLUSTER, subresources: STATUS }],
    ],
  },
  {
    group: "scheduling.k8s.io",
    version: "v1",
    defs: [["PriorityClass", "priorityclasses", { ...CLUSTER, shortNames: ["pc"] }]],
  },
  {
    group: "node.k8s.io",
    version: "v1",
    defs: [["RuntimeClass", "runtimeclasses", { ...CLUSTER }]],
  },
  {
    group: "coordination.k8s.io",
    version: "v1",
    defs: [["Lease", "leases"]],
  },
  {
    group: "discovery.k8s.io",
    version: "v1",
    defs: [["EndpointSlice", "endpointslices"]],
  },
  {
    group: "admissionregistration.k8s.io",
    version: "v1",
    defs: [
      ["ValidatingWebhookConfiguration", "validatingwebhookconfigurations", { ...CLUSTER, generation: true, categories: API_EXTENSIONS }],
      ["MutatingWebhookConfiguration", "mutatingwebhookconfigurations", { ...CLUSTER, generation: true, categories: API_EXTENSIONS }],
      ["ValidatingAdmissionPolicy", "validatingadmissionpolicies", { ...CLUSTER, subresources: STATUS, generation: true, categories: API_EXTENSIONS }],
      ["ValidatingAdmissionPolicyBinding", "validatingadmissionpolicybindings", { ...CLUSTER, generation: true, categories: API_EXTENSIONS }],
    ],
  },
  {
    group: "apiextensions.k8s.io",
    version: "v1",
    defs: [
      [
        "CustomResourceDefinition",
        "customresourcedefinitions",
        { ...CLUSTER, shortNames: ["crd", "crds"], subresources: STATUS, generation: true, categories: API_EXTENSIONS },
      ],
    ],
  },
  {
    group: "apiregistration.k8s.io",
    version: "v1",
    defs: [["APIService", "apiservices", { ...CLUSTER, subresources: STATUS, categories: API_EXTENSIONS }]],
  },
];

export const BUILTIN_TYPES: ResourceType[] = GROUPS.flatMap(({ group, version, alsoServedIn = [], defs }) =>
  defs.map(([kind, plural, opts]) => ({
    group,
    version,
    alsoServedIn,
    kind,
    plural,
    singular: kind.toLowerCase(),
    namespaced: true,
    shortNames: [],
    subresources: [],
    generation: false,
    categories: [],
    ...opts,
  })),
);

export function groupVersion(rt: Pick<ResourceType, "group" | "version">): string {
  return rt.group ? `${rt.group}/${rt.version}` : rt.version;
}

/** Whether `rt` is served in `version` (its storage version or one it is converted to). */
export function servedIn(rt: ResourceType, version: string): boolean {
  return rt.custom ? version in rt.custom.versions : rt.version === version || rt.alsoServedIn.includes(version);
}

/** The versions `rt` is served in, preferred first. */
export function servedVersions(rt: ResourceType): string[] {
  return rt.custom ? Object.keys(rt.custom.versions).sort(compareVersions) : [rt.version, ...rt.alsoServedIn];
}

/** One resource type identity across Registry updates (a CRD change makes new ResourceType objects). */
export function sameType(a: ResourceType, b: ResourceType): boolean {
  return a === b || (a.group === b.group && a.plural === b.plural);
}

/** A built-in kind (the controllers' and the API's own kinds). */
export function resourceByKind(kind: string): ResourceType {
  const rt = BUILTIN_TYPES.find((r) => r.kind === kind);
  if (!rt) throw new Error(`simulator has no resource of kind ${kind}`);
  return rt;
}

const BUILTIN_GROUPS = new Set(GROUPS.map((g) => g.group));

/** Kubernetes' version order: GA before beta before alpha, higher numbers first, then other names alphabetically. */
export function compareVersions(a: string, b: string): number {
  const rank = (v: string): [number, number, number] | undefined => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return undefined;
    return [m[2] === "alpha" ? 0 : m[2] === "beta" ? 1 : 2, Number(m[1]), Number(m[3] ?? 0)];
  };
  const ra = rank(a);
  const rb = rank(b);
  if (!ra || !rb) return ra ? -1 : rb ? 1 : a < b ? -1 : a > b ? 1 : 0;
  for (let i = 0; i < 3; i++) if (ra[i] !== rb[i]) return (rb[i] ?? 0) - (ra[i] ?? 0);
  return 0;
}

/**
 * The kinds one simulator serves: the built-ins and those of its established CRDs. `types` changes
 * as a whole (setCustom) whenever a CRD is written or deleted; `generation` counts those changes
 * (cache key of the OpenAPI documents).
 */
export class Registry {
  private custom: ResourceType[] = [];
  private all: ResourceType[] = BUILTIN_TYPES;
  generation = 0;

  get types(): ResourceType[] {
    return this.all;
  }

  get customTypes(): ResourceType[] {
    return this.custom;
  }

  setCustom(types: ResourceType[]): void {
    this.custom = types;
    this.all = [...BUILTIN_TYPES, ...types];
    this.generation++;
  }

  isBuiltinGroup(group: string): boolean {
    return BUILTIN_GROUPS.has(group);
  }

  findByPlural(group: string, version: string, plural: string): ResourceType | undefined {
    return this.all.find((r) => r.group === group && servedIn(r, version) && r.plural === plural);
  }

  findByKind(apiVersion: string, kind: string): ResourceType | undefined {
    return this.all.find((r) => r.kind === kind && servedVersions(r).some((v) => groupVersion({ group: r.group, version: v }) === apiVersion));
  }

  /** Every group version served (the preferred one of each group first), the core group's v1 included. */
  groupVersions(): { group: string; version: string }[] {
    const builtin = GROUPS.flatMap(({ group, version, alsoServedIn = [] }) => [version, ...alsoServedIn].map((v) => ({ group, version: v })));
    const custom = [...new Set(this.custom.map((r) => r.group))].sort().flatMap((group) => this.customVersions(group).map((version) => ({ group, version })));
    return [...builtin, ...custom];
  }

  private customVersions(group: string): string[] {
    return [...new Set(this.custom.filter((r) => r.group === group).flatMap(servedVersions))].sort(compareVersions);
  }

  private apiGroup(group: string): Record<string, unknown> {
    const versions = this.groupVersions()
      .filter((g) => g.group === group)
      .map(({ version }) => ({ groupVersion: `${group}/${version}`, version }));
    return { name: group, versions, preferredVersion: versions[0] };
  }

  apiGroupList(): Record<string, unknown> {
    const groups = [...new Set(this.groupVersions().map((g) => g.group))].filter((g) => g !== "");
    return { kind: "APIGroupList", apiVersion: "v1", groups: groups.map((g) => this.apiGroup(g)) };
  }

  apiGroupDoc(group: string): Record<string, unknown> | undefined {
    return group !== "" && this.all.some((r) => r.group === group) ? { kind: "APIGroup", apiVersion: "v1", ...this.apiGroup(group) } : undefined;
  }

  apiResourceList(group: string, version: string): Record<string, unknown> | undefined {
    const types = this.all.filter((r) => r.group === group && servedIn(r, version));
    if (types.length === 0) return undefined;
    const resources: Record<string, unknown>[] = [];
    for (const rt of types) {
      resources.push({
        name: rt.plural,
        singularName: rt.singular,
        namespaced: rt.namespaced,
        kind: rt.kind,
        verbs: VERBS,
        ...(rt.shortNames.length ? { shortNames: rt.shortNames } : {}),
        ...(rt.categories.length ? { categories: rt.categories } : {}),
      });
      for (const sub of rt.subresources) {
        const scale = sub === "scale";
        resources.push({
          name: `${rt.plural}/${sub}`,
          singularName: "",
          namespaced: rt.namespaced,
          ...(scale ? { group: "autoscaling", version: "v1" } : {}),
          kind: scale ? "Scale" : sub === "log" ? "Pod" : rt.kind,
          verbs: sub === "log" ? ["get"] : ["get", "patch", "update"],
        });
      }
    }
    return { kind: "APIResourceList", apiVersion: "v1", groupVersion: groupVersion({ group, version }), resources };
  }
}

export const SERVER_VERSION = {
  major: "1",
  minor: "32",
  gitVersion: "v1.32.0-sim",
  gitCommit: "0000000000000000000000000000000000000000",
  gitTreeState: "clean",
  buildDate: "2025-01-01T00:00:00Z",
  goVersion: "go1.23.0",
  compiler: "gc",
  platform: "linux/amd64",
};

export function coreVersions(address: string): Record<string, unknown> {
  return {
    kind: "APIVersions",
    versions: ["v1"],
    serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress: address }],
  };
}
