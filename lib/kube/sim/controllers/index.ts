// Runs the simulated controllers: watches store changes, queues the affected objects and
// reconciles them in batches; timers (pod start, job completion) are tracked so close() stops all.
import { ApiError } from "../errors";
import type { ClusterApi } from "../api";
import { labelsOf, obj, str } from "../json";
import { selectorOf } from "../api";
import { fromLabelSelector, matches } from "../selectors";
import { resourceByKind } from "../registry";
import type { StoreEvent } from "../store";
import { DEFAULT_TIMING, HOST_IP, NODE_NAME, type ControllerContext, type SimTiming } from "./context";
import { reconcileDeployment } from "./deployment";
import { reconcileEndpoints } from "./endpoints";
import { hpasTargeting, reconcileHpa } from "./hpa";
import { reconcileJob } from "./job";
import { reconcileNamespace } from "./namespace";
import { reconcilePod } from "./kubelet";
import { reconcileReplicaSet } from "./replicaset";
import { reconcileStatefulSet } from "./statefulset";
import { controllerRef, namespaceOf, nameOf, uidOf } from "./util";

const RECONCILERS: Record<string, (ctx: ControllerContext, o: Record<string, unknown>) => void> = {
  Pod: reconcilePod,
  ReplicaSet: reconcileReplicaSet,
  Deployment: reconcileDeployment,
  StatefulSet: reconcileStatefulSet,
  Job: reconcileJob,
  Service: reconcileEndpoints,
  HorizontalPodAutoscaler: reconcileHpa,
  Namespace: reconcileNamespace,
};
/** Kinds that select pods: re-checked when a pod they select changes (owners are always re-checked). */
const POD_SELECTORS = ["ReplicaSet", "StatefulSet", "Job", "Service"];

const SYSTEM_NAMESPACES = ["default", "kube-system", "kube-public", "kube-node-lease"];

export class Controllers implements ControllerContext {
  readonly timing: SimTiming;
  private readonly queue = new Map<string, { kind: string; ns: string; name: string }>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly seen = new Map<string, number>();
  private flushTimer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private closed = false;

  constructor(
    readonly api: ClusterApi,
    timing: Partial<SimTiming> = {},
  ) {
    this.timing = { ...DEFAULT_TIMING, ...timing };
  }

  start(): void {
    this.bootstrap();
    this.unsubscribe = this.api.store.onChange((e) => this.onChange(e));
    for (const kind of Object.keys(RECONCILERS)) {
      for (const o of this.api.list(resourceByKind(kind), undefined)) this.enqueue(kind, namespaceOf(o), nameOf(o));
    }
  }

  close(): void {
    this.closed = true;
    this.unsubscribe?.();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.queue.clear();
  }

  firstSeen(uid: string): number {
    let t = this.seen.get(uid);
    if (t === undefined) {
      t = Date.now();
      this.seen.set(uid, t);
    }
    return t;
  }

  after(ms: number, kind: string, ns: string, name: string): void {
    if (this.closed) return;
    const t = setTimeout(() => {
      this.timers.delete(t);
      this.enqueue(kind, ns, name);
    }, Math.max(0, ms));
    this.timers.add(t);
  }

  private bootstrap(): void {
    const namespaces = resourceByKind("Namespace");
    for (const name of SYSTEM_NAMESPACES) {
      if (!this.api.find(namespaces, undefined, name)) {
        this.api.create(namespaces, undefined, { metadata: { name } }, { manager: "kube-apiserver" });
      }
    }
    const nodes = resourceByKind("Node");
    if (!this.api.find(nodes, undefined, NODE_NAME)) {
      const node = this.api.create(
        nodes,
        undefined,
        {
          metadata: {
            name: NODE_NAME,
            labels: { "kubernetes.io/hostname": NODE_NAME, "kubernetes.io/os": "linux", "node-role.kubernetes.io/control-plane": "" },
          },
          spec: { podCIDR: "10.244.0.0/24" },
        },
        { manager: "kubelet" },
      );
      const t = node.metadata && str(obj(node.metadata).creationTimestamp);
      this.api.writeAs(
        nodes,
        node,
        {
          ...node,
          status: {
            capacity: { cpu: "8", memory: "32Gi", pods: "250" },
            allocatable: { cpu: "8", memory: "32Gi", pods: "250" },
            conditions: [{ type: "Ready", status: "True", reason: "KubeletReady", message: "kubelet is posting ready status", lastHeartbeatTime: t, lastTransitionTime: t }],
            addresses: [
              { type: "InternalIP", address: HOST_IP },
              { type: "Hostname", address: NODE_NAME },
            ],
            nodeInfo: { kubeletVersion: "v1.32.0-sim", operatingSystem: "linux", architecture: "amd64", containerRuntimeVersion: "sim://1.0" },
          },
        },
        "kubelet",
        "status",
      );
    }
  }

  private onChange(e: StoreEvent): void {
    // Custom resources have no controller here (a kind of a CRD may share a built-in's name).
    if (e.rt.custom) return;
    const kind = e.rt.kind;
    const ns = namespaceOf(e.object);
    const name = nameOf(e.object);
    if (e.type === "DELETED") {
      this.seen.delete(uidOf(e.object));
      if (kind === "Service") this.enqueue("EndpointsCleanup", ns, name);
    } else if (RECONCILERS[kind]) {
      this.enqueue(kind, ns, name);
    }
    if (kind === "Deployment" || kind === "StatefulSet" || kind === "ReplicaSet") {
      for (const h of hpasTargeting(this, kind, ns, name)) this.enqueue("HorizontalPodAutoscaler", ns, nameOf(h));
    }
    const owner = controllerRef(e.object);
    if (owner && typeof owner.kind === "string" && typeof owner.name === "string") this.enqueue(owner.kind, ns, owner.name);
    if (kind === "Pod") {
      const labels = labelsOf(e.object);
      // A controlled pod's owner is queued above; other controllers can only adopt orphans.
      for (const k of owner ? ["Service"] : POD_SELECTORS) {
        for (const o of this.api.list(resourceByKind(k), ns)) {
          const sel = k === "Service" ? fromLabelSelector({ matchLabels: obj(o.spec).selector }) : selectorOf(o);
          if (sel.length && matches(sel, labels)) this.enqueue(k, ns, nameOf(o));
        }
      }
    }
  }

  private enqueue(kind: string, ns: string, name: string): void {
    if (this.closed) return;
    this.queue.set(`${kind}/${ns}/${name}`, { kind, ns, name });
    if (!this.flushTimer) {
      this.flushTimer = setTimeout(() => this.flush(), 5);
    }
  }

  private flush(): void {
    this.flushTimer = undefined;
    const batch = [...this.queue.values()];
    this.queue.clear();
    for (const item of batch) {
      if (this.closed) return;
      this.reconcile(item.kind, item.ns, item.name);
    }
  }

  private reconcile(kind: string, ns: string, name: string): void {
    try {
      if (kind === "EndpointsCleanup") {
        const ep = resourceByKind("Endpoints");
        if (this.api.find(ep, ns, name)) this.api.delete(ep, ns, name);
        return;
      }
      const fn = RECONCILERS[kind];
      if (!fn) return;
      const o = this.api.find(resourceByKind(kind), ns || undefined, name);
      if (o) fn(this, o);
    } catch (e) {
      if (e instanceof ApiError && (e.reason === "Conflict" || e.reason === "AlreadyExists" || e.reason === "NotFound")) {
        this.after(20, kind, ns, name);
        return;
      }
      console.error(`[sim] reconcile ${kind} ${ns}/${name} failed:`, e);
    }
  }
}
