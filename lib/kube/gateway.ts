// KubeGateway on @kubernetes/client-node 1.4: server-side apply, get/list/delete, scale,
// labels, logs, HPAs, pod readiness, waiting for CRDs. Paths come from discovery; errors carry
// context.
import { ApiException, KubeConfig } from "@kubernetes/client-node";
import { RawKubeClient, type RawRequest } from "./client";
import { Discovery } from "./discovery";
import { KubeError } from "./errors";
import type {
  ApplyOptions,
  ClusterInfo,
  DeleteOptions,
  KubeGateway,
  KubeMode,
  KubeObject,
  ListOptions,
  LogOptions,
  ObjectRef,
  PodReadiness,
  ResourceInfo,
  ScaleInfo,
  WaitForCrdOptions,
} from "./types";

export const FIELD_MANAGER = "deployment-manager";

export const CRD_API_VERSION = "apiextensions.k8s.io/v1";
export const DEFAULT_CRD_WAIT_TIMEOUT_MS = 60_000;
const DEFAULT_CRD_POLL_INTERVAL_MS = 250;

/** Groups of Kubernetes itself (core, `apps`, `*.k8s.io`): a kind missing there is not a missing CRD. */
function isBuiltinGroup(apiVersion: string): boolean {
  const group = apiVersion.includes("/") ? (apiVersion.split("/")[0] ?? "") : "";
  return !group.includes(".") || group.endsWith(".k8s.io") || group.endsWith(".kubernetes.io");
}

/** How the server words an unserved kind: a CRD's group says no CRD serves it. */
function kindNotServedMessage(kind: string, apiVersion?: string): string {
  if (apiVersion && !isBuiltinGroup(apiVersion)) return `no CustomResourceDefinition serves kind ${kind} in ${apiVersion}`;
  return `the server has no resource of kind ${kind}${apiVersion ? ` in ${apiVersion}` : ""}`;
}

type Condition = { type?: string; status?: string; reason?: string; message?: string };

function conditionOf(crd: KubeObject, type: string): Condition | undefined {
  const conditions = ((crd.status ?? {}) as { conditions?: Condition[] }).conditions ?? [];
  return conditions.find((c) => c.type === type);
}

interface Target {
  operation: string;
  kind?: string;
  namespace?: string;
  name?: string;
}

interface StatusBody {
  kind?: string;
  message?: string;
  reason?: string;
  details?: { causes?: { type?: string; message?: string; field?: string }[]; retryAfterSeconds?: number };
}

/** The wait a 429/503 asks for: the `Retry-After` header (seconds), else the Status body's retryAfterSeconds. */
function retryAfterMs(headers: Record<string, string> | undefined, body: StatusBody): number | undefined {
  const header = Object.entries(headers ?? {}).find(([k]) => k.toLowerCase() === "retry-after")?.[1];
  const seconds = header !== undefined && /^\s*\d+\s*$/.test(header) ? Number(header) : body.details?.retryAfterSeconds;
  return typeof seconds === "number" && Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

function toKubeError(e: unknown, target: Target, timeoutMs?: number): KubeError {
  if (e instanceof KubeError) return e;
  if (e instanceof ApiException) {
    const body = (typeof e.body === "object" && e.body !== null ? e.body : {}) as StatusBody;
    const text = typeof e.body === "string" && e.body ? e.body : undefined;
    return new KubeError(
      {
        ...target,
        status: e.code,
        ...(body.reason ? { reason: body.reason } : {}),
        ...(body.details?.causes ? { causes: body.details.causes } : {}),
        ...(e.code === 429 || e.code === 503 ? { retryAfterMs: retryAfterMs(e.headers, body) } : {}),
      },
      body.message ?? text ?? e.message,
      { cause: e },
    );
  }
  const err = e as Error & { code?: string; type?: string; cause?: { code?: string } };
  if (err.name === "AbortError" || err.name === "TimeoutError" || err.type === "aborted") {
    return new KubeError({ ...target, status: 0 }, `no answer from the API server within ${timeoutMs ?? "?"} ms`, { cause: e });
  }
  const code = err.code ?? err.cause?.code;
  return new KubeError({ ...target, status: 0 }, `${code ? `${code}: ` : ""}${err.message}`, { cause: e });
}

function objectPath(info: ResourceInfo, namespace: string | undefined, name?: string, sub?: string): string {
  const base = info.group ? `/apis/${info.group}/${info.version}` : `/api/${info.version}`;
  const ns = info.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : "";
  return `${base}${ns}/${info.plural}${name ? `/${encodeURIComponent(name)}` : ""}${sub ? `/${sub}` : ""}`;
}

export interface ClientNodeGatewayOptions {
  kubeConfig: KubeConfig;
  mode: KubeMode;
  /** Per-request limit (default 30 s); a request without an answer by then fails with status 0. */
  requestTimeoutMs?: number;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

export class ClientNodeGateway implements KubeGateway {
  readonly info: ClusterInfo;
  private readonly client: RawKubeClient;
  private readonly discovery: Discovery;
  private readonly timeoutMs: number;

  constructor({ kubeConfig, mode, requestTimeoutMs = DEFAULT_REQUEST_TIMEOUT_MS }: ClientNodeGatewayOptions) {
    this.timeoutMs = requestTimeoutMs;
    this.client = kubeConfig.makeApiClient(RawKubeClient);
    const context = kubeConfig.getCurrentContext();
    this.info = {
      mode,
      server: kubeConfig.getCurrentCluster()?.server ?? "",
      context,
      namespace: kubeConfig.getContextObject(context)?.namespace ?? "default",
    };
    this.discovery = new Discovery((path) => this.client.request({ method: "GET", path, timeoutMs: this.timeoutMs }));
  }

  private async call<T>(target: Target, req: RawRequest): Promise<T> {
    try {
      return await this.client.request<T>({ timeoutMs: this.timeoutMs, ...req });
    } catch (e) {
      throw toKubeError(e, target, this.timeoutMs);
    }
  }

  async version(): Promise<{ gitVersion: string; major: string; minor: string; platform?: string }> {
    return this.call({ operation: "version" }, { method: "GET", path: "/version" });
  }

  async openApi(group: string, version: string): Promise<Record<string, unknown> | null> {
    const target = { operation: "openapi", kind: group ? `${group}/${version}` : version };
    const index = await this.call<{ paths?: Record<string, { serverRelativeURL?: string }> }>(target, { method: "GET", path: "/openapi/v3" });
    const url = index.paths?.[group ? `apis/${group}/${version}` : `api/${version}`]?.serverRelativeURL;
    if (!url) return null;
    const [path, search = ""] = url.split("?", 2);
    return this.call<Record<string, unknown>>(target, { method: "GET", path: path!, query: Object.fromEntries(new URLSearchParams(search)) });
  }

  async resolve(kind: string, apiVersion?: string): Promise<ResourceInfo> {
    let info: ResourceInfo | undefined;
    try {
      info = await this.discovery.resolve(kind, apiVersion);
    } catch (e) {
      throw toKubeError(e, { operation: "discovery", kind }, this.timeoutMs);
    }
    if (!info) throw new KubeError({ operation: "discovery", kind, status: 404, reason: "NotFound" }, kindNotServedMessage(kind, apiVersion));
    return info;
  }

  private async target(operation: string, ref: ObjectRef): Promise<{ info: ResourceInfo; t: Target; ns: string | undefined }> {
    const t: Target = { operation, kind: ref.kind, name: ref.name, ...(ref.namespace ? { namespace: ref.namespace } : {}) };
    let info: ResourceInfo;
    try {
      info = await this.resolve(ref.kind, ref.apiVersion);
    } catch (e) {
      if (!(e instanceof KubeError)) throw e;
      // A kind the server does not serve stays a discovery error (an unknown kind is not a missing object).
      const { operation } = e.isKindNotServed ? e : t;
      throw new KubeError({ ...t, operation, status: e.status, ...(e.reason ? { reason: e.reason } : {}) }, e.serverMessage, { cause: e });
    }
    const ns = info.namespaced ? (ref.namespace ?? this.info.namespace) : undefined;
    return { info, t: { ...t, ...(ns ? { namespace: ns } : {}) }, ns };
  }

  async apply(obj: KubeObject, opts: ApplyOptions = {}): Promise<KubeObject> {
    const ref = { kind: obj.kind, apiVersion: obj.apiVersion, name: obj.metadata.name, ...(obj.metadata.namespace ? { namespace: obj.metadata.namespace } : {}) };
    const { info, t, ns } = await this.target("apply", ref);
    const body = ns && !obj.metadata.namespace ? { ...obj, metadata: { ...obj.metadata, namespace: ns } } : obj;
    const applied = await this.call<KubeObject>(t, {
      method: "PATCH",
      path: objectPath(info, ns, obj.metadata.name),
      query: { fieldManager: opts.fieldManager ?? FIELD_MANAGER, force: opts.force ?? true, ...(opts.dryRun ? { dryRun: "All" } : {}) },
      body,
      contentType: "application/apply-patch+yaml",
    });
    // A CRD may add (or change) a kind: the next lookup that misses asks discovery again at once.
    if (info.group === "apiextensions.k8s.io" && info.kind === "CustomResourceDefinition") this.discovery.invalidate();
    return applied;
  }

  async waitForCrdEstablished(name: string, opts: WaitForCrdOptions = {}): Promise<KubeObject> {
    const timeoutMs = opts.timeoutMs ?? DEFAULT_CRD_WAIT_TIMEOUT_MS;
    const intervalMs = opts.intervalMs ?? DEFAULT_CRD_POLL_INTERVAL_MS;
    const deadline = Date.now() + timeoutMs;
    const ref = { kind: "CustomResourceDefinition", apiVersion: CRD_API_VERSION, name };
    const t: Target = { operation: "waitForCrdEstablished", kind: ref.kind, name };
    let last = "not found";
    for (;;) {
      const crd = await this.find(ref);
      if (crd) {
        const established = conditionOf(crd, "Established");
        const names = conditionOf(crd, "NamesAccepted");
        if (established?.status === "True") {
          this.discovery.invalidate();
          return crd;
        }
        if (names?.status === "False") {
          throw new KubeError({ ...t, status: 409, reason: names.reason ?? "NamesNotAccepted" }, `CustomResourceDefinition ${name} is not established: ${names.message ?? "its names are not accepted"}`);
        }
        last = established ? `Established=${established.status ?? "Unknown"}${established.message ? ` (${established.message})` : ""}` : "no Established condition yet";
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new KubeError({ ...t, status: 504, reason: "Timeout" }, `CustomResourceDefinition ${name} not Established within ${timeoutMs} ms (last seen: ${last})`);
      await new Promise((r) => setTimeout(r, Math.min(intervalMs, left)));
    }
  }

  async get(ref: ObjectRef): Promise<KubeObject> {
    const { info, t, ns } = await this.target("get", ref);
    return this.call(t, { method: "GET", path: objectPath(info, ns, ref.name) });
  }

  async find(ref: ObjectRef): Promise<KubeObject | null> {
    try {
      return await this.get(ref);
    } catch (e) {
      if (e instanceof KubeError && e.isNotFound && e.operation === "get" && e.reason === "NotFound") return null;
      throw e;
    }
  }

  async list(kind: string, opts: ListOptions = {}): Promise<KubeObject[]> {
    const t: Target = { operation: "list", kind, ...(opts.namespace ? { namespace: opts.namespace } : {}) };
    const info = await this.resolve(kind, opts.apiVersion).catch((e: unknown) => {
      throw toKubeError(e, t);
    });
    const list = await this.call<{ items?: Omit<KubeObject, "apiVersion" | "kind">[] }>(t, {
      method: "GET",
      path: objectPath(info, opts.namespace),
      query: { labelSelector: opts.labelSelector, fieldSelector: opts.fieldSelector },
    });
    return (list.items ?? []).map((item) => ({ ...item, apiVersion: info.apiVersion, kind: info.kind }) as KubeObject);
  }

  async delete(ref: ObjectRef, opts: DeleteOptions = {}): Promise<void> {
    const { info, t, ns } = await this.target("delete", ref);
    await this.call(t, {
      method: "DELETE",
      path: objectPath(info, ns, ref.name),
      body: { kind: "DeleteOptions", apiVersion: "v1", propagationPolicy: opts.propagationPolicy ?? "Background" },
    });
  }

  async getScale(ref: ObjectRef): Promise<ScaleInfo> {
    const { info, t, ns } = await this.target("getScale", ref);
    return toScale(await this.call(t, { method: "GET", path: objectPath(info, ns, ref.name, "scale") }));
  }

  async scale(ref: ObjectRef, replicas: number): Promise<ScaleInfo> {
    const { info, t, ns } = await this.target("scale", ref);
    const scale = await this.call<ScaleBody>(t, {
      method: "PATCH",
      path: objectPath(info, ns, ref.name, "scale"),
      query: { fieldManager: FIELD_MANAGER },
      body: { spec: { replicas } },
      contentType: "application/merge-patch+json",
    });
    return toScale(scale);
  }

  async patchLabels(ref: ObjectRef, labels: Record<string, string | null>): Promise<KubeObject> {
    const { info, t, ns } = await this.target("patchLabels", ref);
    return this.call(t, {
      method: "PATCH",
      path: objectPath(info, ns, ref.name),
      query: { fieldManager: FIELD_MANAGER },
      body: { metadata: { labels } },
      contentType: "application/merge-patch+json",
    });
  }

  async podLogs(namespace: string, pod: string, opts: LogOptions = {}): Promise<string> {
    const { info, t, ns } = await this.target("logs", { kind: "Pod", apiVersion: "v1", namespace, name: pod });
    const sinceTime = opts.sinceTime instanceof Date ? opts.sinceTime.toISOString() : opts.sinceTime;
    const text = await this.call<string>(t, {
      method: "GET",
      path: objectPath(info, ns, pod, "log"),
      query: { container: opts.container, sinceTime, tailLines: opts.tailLines, timestamps: opts.timestamps || undefined, limitBytes: opts.limitBytes },
    });
    return typeof text === "string" ? text : JSON.stringify(text);
  }

  async listHpas(namespace?: string): Promise<KubeObject[]> {
    return this.list("HorizontalPodAutoscaler", { ...(namespace ? { namespace } : {}) });
  }

  async podReadiness(namespace: string, pod: string): Promise<PodReadiness> {
    const p = await this.get({ kind: "Pod", apiVersion: "v1", namespace, name: pod });
    const status = (p.status ?? {}) as {
      phase?: string;
      conditions?: { type?: string; status?: string }[];
      containerStatuses?: { name?: string; ready?: boolean; restartCount?: number; state?: Record<string, unknown> }[];
    };
    return {
      name: pod,
      namespace,
      phase: status.phase ?? "Unknown",
      ready: (status.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True"),
      containers: (status.containerStatuses ?? []).map((c) => ({
        name: c.name ?? "",
        ready: c.ready === true,
        restartCount: c.restartCount ?? 0,
        state: Object.keys(c.state ?? {})[0] ?? "unknown",
      })),
    };
  }

  /** Creates a namespace that does not exist (applied as `fieldManager`). */
  async ensureNamespace(name: string, fieldManager = FIELD_MANAGER): Promise<void> {
    if (await this.find({ kind: "Namespace", apiVersion: "v1", name })) return;
    await this.apply({ apiVersion: "v1", kind: "Namespace", metadata: { name } }, { fieldManager });
  }
}

interface ScaleBody {
  spec?: { replicas?: number };
  status?: { replicas?: number; selector?: string };
}

function toScale(s: ScaleBody): ScaleInfo {
  return { replicas: s.spec?.replicas ?? 0, statusReplicas: s.status?.replicas ?? 0, selector: s.status?.selector ?? "" };
}
