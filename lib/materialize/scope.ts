/**
 * Which kinds are cluster-scoped, keyed by API group and kind as Kubernetes keys them: a custom
 * resource of kind `Role` in group `example.com` is not RBAC's Role.
 *
 * - Built-in kinds: the cluster-scoped resources the Kubernetes API server serves (the list
 *   below, from the storage paths of k8s.io/kubernetes' etcd test data, plus the create-only
 *   review kinds and PodSecurityPolicy, which older releases still carry).
 * - Custom resources: a kind whose CustomResourceDefinition says `spec.scope: Cluster` (see
 *   crds.ts, which answers for the store's CRDs).
 * - An object without `apiVersion` is judged by its kind alone against the built-in list.
 *
 * What the cluster does with `metadata.namespace` on a cluster-scoped object: kubectl 1.32 drops it
 * client-side (`kubectl create|apply --dry-run=client -o json` prints a ClusterRole without the
 * namespace its file gives), and the API server clears it on create and update (the registry's
 * BeforeCreate/BeforeUpdate set it to none for strategies that are not namespace-scoped). So the
 * namespace transform removes it (a stored config that keeps it would differ from the live object).
 */

/** The API group of an `apiVersion` (`apps/v1` → `apps`, `v1` → `""`); undefined when it is not a string. */
export function groupOf(apiVersion: unknown): string | undefined {
  if (typeof apiVersion !== "string") return undefined;
  const slash = apiVersion.lastIndexOf("/");
  return slash === -1 ? "" : apiVersion.slice(0, slash);
}

const BUILT_IN_CLUSTER_SCOPED: { readonly [group: string]: readonly string[] } = {
  "": ["Namespace", "Node", "PersistentVolume", "ComponentStatus"],
  "admissionregistration.k8s.io": [
    "MutatingWebhookConfiguration",
    "ValidatingWebhookConfiguration",
    "ValidatingAdmissionPolicy",
    "ValidatingAdmissionPolicyBinding",
    "MutatingAdmissionPolicy",
    "MutatingAdmissionPolicyBinding",
  ],
  "apiextensions.k8s.io": ["CustomResourceDefinition"],
  "apiregistration.k8s.io": ["APIService"],
  "authentication.k8s.io": ["TokenReview", "SelfSubjectReview"],
  "authorization.k8s.io": ["SubjectAccessReview", "SelfSubjectAccessReview", "SelfSubjectRulesReview"],
  "certificates.k8s.io": ["CertificateSigningRequest", "ClusterTrustBundle"],
  "flowcontrol.apiserver.k8s.io": ["FlowSchema", "PriorityLevelConfiguration"],
  "internal.apiserver.k8s.io": ["StorageVersion"],
  "networking.k8s.io": ["IngressClass", "IPAddress", "ServiceCIDR"],
  "node.k8s.io": ["RuntimeClass"],
  policy: ["PodSecurityPolicy"],
  "rbac.authorization.k8s.io": ["ClusterRole", "ClusterRoleBinding"],
  "resource.k8s.io": ["DeviceClass", "ResourceSlice", "DeviceTaintRule"],
  "scheduling.k8s.io": ["PriorityClass"],
  "storage.k8s.io": ["StorageClass", "CSIDriver", "CSINode", "VolumeAttachment", "VolumeAttributesClass"],
  "storagemigration.k8s.io": ["StorageVersionMigration"],
  // Not built in, but installed with nearly every CSI driver, rarely with the platform's own CRDs.
  "snapshot.storage.k8s.io": ["VolumeSnapshotClass", "VolumeSnapshotContent"],
};

const BY_GROUP_KIND = new Set(Object.entries(BUILT_IN_CLUSTER_SCOPED).flatMap(([group, kinds]) => kinds.map((kind) => `${group}/${kind}`)));
const BY_KIND = new Set(Object.values(BUILT_IN_CLUSTER_SCOPED).flat());

/** Answers whether objects of a kind live outside namespaces. */
export interface ScopeIndex {
  isClusterScoped(apiVersion: unknown, kind: unknown): boolean;
}

/** Built-in kinds only (no custom resource is cluster-scoped). */
export const BUILT_IN_SCOPES: ScopeIndex = {
  isClusterScoped(apiVersion, kind) {
    if (typeof kind !== "string") return false;
    const group = groupOf(apiVersion);
    return group === undefined ? BY_KIND.has(kind) : BY_GROUP_KIND.has(`${group}/${kind}`);
  },
};
