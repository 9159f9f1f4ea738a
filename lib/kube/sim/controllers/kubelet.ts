// The simulated node: binds new pods, starts their containers after `podReadyDelayMs`
// (then they are Ready), and lets pods owned by a Job run to completion.
import { now } from "../api";
import { arr, obj, str, type Obj } from "../json";
import { resourceByKind } from "../registry";
import { HOST_IP, NODE_NAME, type ControllerContext } from "./context";
import { KUBELET, controllerRef, nameOf, namespaceOf, podPhase, uidOf } from "./util";

const POD = resourceByKind("Pod");

let nextIp = 2;

function condition(type: string, status: boolean, time: string, reason?: string): Obj {
  return { type, status: status ? "True" : "False", lastProbeTime: null, lastTransitionTime: time, ...(reason ? { reason } : {}) };
}

function containers(pod: Obj): Obj[] {
  return arr(obj(pod.spec).containers).map(obj);
}

function containerStatuses(pod: Obj, state: Obj, ready: boolean): Obj[] {
  return containers(pod).map((c) => ({
    name: c.name,
    image: c.image,
    imageID: "",
    ready,
    restartCount: 0,
    started: "running" in state,
    state,
    ...(state.running || state.terminated ? { containerID: `containerd://${uidOf(pod).replace(/-/g, "")}` } : {}),
  }));
}

export function reconcilePod(ctx: ControllerContext, pod: Obj): void {
  const phase = podPhase(pod);
  const status = obj(pod.status);
  const t = now();
  if (!str(obj(pod.spec).nodeName)) {
    const bound = { ...pod, spec: { ...obj(pod.spec), nodeName: NODE_NAME } };
    const written = ctx.api.writeAs(POD, pod, bound, "kube-scheduler");
    const pending = {
      ...written,
      status: {
        phase: "Pending",
        conditions: [
          condition("PodReadyToStartContainers", false, t),
          condition("Initialized", true, t),
          condition("Ready", false, t, "ContainersNotReady"),
          condition("ContainersReady", false, t, "ContainersNotReady"),
          condition("PodScheduled", true, t),
        ],
        hostIP: HOST_IP,
        hostIPs: [{ ip: HOST_IP }],
        startTime: t,
        qosClass: "BestEffort",
        containerStatuses: containerStatuses(pod, { waiting: { reason: "ContainerCreating" } }, false),
      },
    };
    ctx.api.writeAs(POD, written, pending, KUBELET, "status");
    ctx.after(ctx.timing.podReadyDelayMs, "Pod", namespaceOf(pod), nameOf(pod));
    return;
  }
  if (phase === "Pending") {
    const due = ctx.firstSeen(uidOf(pod)) + ctx.timing.podReadyDelayMs;
    if (Date.now() < due) {
      ctx.after(due - Date.now(), "Pod", namespaceOf(pod), nameOf(pod));
      return;
    }
    const ip = `10.244.0.${nextIp++ % 250 || 2}`;
    const running = {
      ...pod,
      status: {
        ...status,
        phase: "Running",
        conditions: [
          condition("PodReadyToStartContainers", true, t),
          condition("Initialized", true, t),
          condition("Ready", true, t),
          condition("ContainersReady", true, t),
          condition("PodScheduled", true, t),
        ],
        podIP: ip,
        podIPs: [{ ip }],
        containerStatuses: containerStatuses(pod, { running: { startedAt: t } }, true),
      },
    };
    ctx.api.writeAs(POD, pod, running, KUBELET, "status");
    if (runsToCompletion(pod)) ctx.after(ctx.timing.jobDurationMs, "Pod", namespaceOf(pod), nameOf(pod));
    return;
  }
  if (phase === "Running" && runsToCompletion(pod)) {
    const startedAt = Date.parse(str(obj(obj(obj(arr(status.containerStatuses)[0]).state).running).startedAt) ?? t);
    const due = Math.max(startedAt + ctx.timing.jobDurationMs, ctx.firstSeen(uidOf(pod)) + ctx.timing.podReadyDelayMs + ctx.timing.jobDurationMs);
    if (Date.now() < due) {
      ctx.after(due - Date.now(), "Pod", namespaceOf(pod), nameOf(pod));
      return;
    }
    const started = new Date(startedAt).toISOString().replace(/\.\d{3}Z$/, "Z");
    const done = {
      ...pod,
      status: {
        ...status,
        phase: "Succeeded",
        conditions: [
          condition("PodReadyToStartContainers", false, t),
          condition("Initialized", true, t, "PodCompleted"),
          condition("Ready", false, t, "PodCompleted"),
          condition("ContainersReady", false, t, "PodCompleted"),
          condition("PodScheduled", true, t),
        ],
        containerStatuses: containerStatuses(
          pod,
          { terminated: { exitCode: 0, reason: "Completed", startedAt: started, finishedAt: t } },
          false,
        ),
      },
    };
    ctx.api.writeAs(POD, pod, done, KUBELET, "status");
  }
}

/** Pods of Jobs finish; every other pod runs until it is deleted. */
export function runsToCompletion(pod: Obj): boolean {
  return controllerRef(pod)?.kind === "Job";
}
