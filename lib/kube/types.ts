// The gateway the rest of the app uses to talk to Kubernetes (a real cluster or the simulator).

export type KubeMode = "sim" | "kubeconfig" | "in-cluster";

export interface KubeObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  [key: string]: unknown;
}

/** A Kubernetes object as plain JSON (exactly what the API server returned). */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: KubeObjectMeta;
  [key: string]: unknown;
}

/** Identifies one object. apiVersion is optional: discovery finds the kind's preferred version. */
export interface ObjectRef {
  kind: string;
  name: string;
  namespace?: string;
  apiVersion?: string;
}

/** What discovery says about a kind. */
export interface ResourceInfo {
  kind: string;
  group: string;
  version: string;
  apiVersion: string;
  plural: string;
  namespaced: boolean;
  subresources: string[];
}

export interface ApplyOptions {
  /** Default `deployment-manager`. */
  fieldManager?: string;
  /** Take over fields other managers own. Default true (ARCHITECTURE: applies are forced). */
  force?: boolean;
  dryRun?: boolean;
}

export interface ListOptions {
  /** Namespace to list in; omitted for cluster-scoped kinds or to list across all namespaces. */
  namespace?: string;
  apiVersion?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

export interface DeleteOptions {
  propagationPolicy?: "Background" | "Foreground" | "Orphan";
}

export interface LogOptions {
  container?: string;
  /** Only lines at or after this time. */
  sinceTime?: string | Date;
  /** Only the last N lines. */
  tailLines?: number;
  timestamps?: boolean;
  /** At most this many bytes (the oldest part of what was asked for). */
  limitBytes?: number;
}

export interface ScaleInfo {
  replicas: number;
  /** Current replicas reported by the scale subresource status. */
  statusReplicas: number;
  selector: string;
}

export interface PodReadiness {
  name: string;
  namespace: string;
  phase: string;
  ready: boolean;
  containers: { name: string; ready: boolean; restartCount: number; state: string }[];
}

export interface WaitForCrdOptions {
  /** Give up after this long (default 60 s): the error has status 504, reason `Timeout`. */
  timeoutMs?: number;
  /** Poll interval (default 250 ms). */
  intervalMs?: number;
}

export interface ClusterInfo {
  mode: KubeMode;
  server: string;
  context: string;
  namespace: string;
}

export interface KubeGateway {
  readonly info: ClusterInfo;
  /** GET /version. */
  version(): Promise<{ gitVersion: string; major: string; minor: string; platform?: string }>;
  /** The OpenAPI v3 document of one group version (found through the `/openapi/v3` index), or null when the server publishes none. */
  openApi(group: string, version: string): Promise<Record<string, unknown> | null>;
  /**
   * Kind → group/version/plural from discovery (cached; refreshed on a miss at most every 5 s, at
   * once after a CRD was applied or seen Established). A kind the server does not serve rejects
   * with a KubeError whose `isKindNotServed` is true; for a CRD's group its message says
   * `no CustomResourceDefinition serves kind Prometheus in monitoring.coreos.com/v1`.
   */
  resolve(kind: string, apiVersion?: string): Promise<ResourceInfo>;
  /** Server-side apply (field manager `deployment-manager`, forced unless `force: false`). */
  apply(obj: KubeObject, opts?: ApplyOptions): Promise<KubeObject>;
  get(ref: ObjectRef): Promise<KubeObject>;
  /** Like get, but null when the object does not exist. */
  find(ref: ObjectRef): Promise<KubeObject | null>;
  list(kind: string, opts?: ListOptions): Promise<KubeObject[]>;
  delete(ref: ObjectRef, opts?: DeleteOptions): Promise<void>;
  /** Sets replicas through the scale subresource. */
  scale(ref: ObjectRef, replicas: number): Promise<ScaleInfo>;
  getScale(ref: ObjectRef): Promise<ScaleInfo>;
  /** Merge-patches labels: a string sets a label, null removes it. */
  patchLabels(ref: ObjectRef, labels: Record<string, string | null>): Promise<KubeObject>;
  podLogs(namespace: string, pod: string, opts?: LogOptions): Promise<string>;
  listHpas(namespace?: string): Promise<KubeObject[]>;
  podReadiness(namespace: string, pod: string): Promise<PodReadiness>;
  /** Creates a namespace that does not exist, applied as `fieldManager` (default: the manager of every apply). */
  ensureNamespace(name: string, fieldManager?: string): Promise<void>;
  /**
   * Waits until the CustomResourceDefinition `name` (`plural.group`) reports Established=True and
   * returns it; discovery then finds its kind at once. Rejects with a KubeError (operation
   * `waitForCrdEstablished`): status 409 with the clash when its names are not accepted, 504
   * `Timeout` when it is not Established in time (a CRD that does not exist yet is waited for).
   */
  waitForCrdEstablished(name: string, opts?: WaitForCrdOptions): Promise<KubeObject>;
}
