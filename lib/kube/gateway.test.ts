// The gateway against the simulator through @kubernetes/client-node, over real HTTP.
import { writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKubeGateway, KubeError, simKubeconfig, startSimulator, type KubeGateway, type KubeObject, type Simulator } from ".";
import { driftRows, tempDir, waitFor } from "./testing";

const NS = "gw-test";
const TOKEN = "gateway-test-token-0123456789";

function deployment(replicas: number, image = "nginx:1.25"): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", namespace: NS, labels: { app: "web", tier: "frontend" } },
    spec: {
      replicas,
      selector: { matchLabels: { app: "web" } },
      template: {
        metadata: { labels: { app: "web" } },
        spec: { containers: [{ name: "web", image, ports: [{ containerPort: 8080 }], env: [{ name: "MODE", value: "sim" }] }] },
      },
    },
  };
}

const WEB = { kind: "Deployment", namespace: NS, name: "web" };

describe("KubeGateway (client-node) against the simulator", () => {
  const dir = tempDir();
  let sim: Simulator;
  let kube: KubeGateway;

  const webPods = async (): Promise<KubeObject[]> => kube.list("Pod", { namespace: NS, labelSelector: "app=web" });
  const readyWebPods = async (n: number): Promise<KubeObject[] | false> => {
    const pods = await webPods();
    const ready = await Promise.all(pods.map((p) => kube.podReadiness(NS, p.metadata.name)));
    return pods.length === n && ready.every((r) => r.ready) && pods;
  };

  beforeAll(async () => {
    sim = await startSimulator({ dataDir: dir.path, token: TOKEN, timing: { podReadyDelayMs: 50, jobDurationMs: 150, logIntervalMs: 100 } });
    kube = createKubeGateway({ mode: "sim", kubeconfigPath: sim.kubeconfigPath });
    await kube.ensureNamespace(NS);
  });

  afterAll(async () => {
    await sim.close();
    dir.remove();
  });

  it("reports the cluster it talks to and sends the bearer token", async () => {
    expect(kube.info).toMatchObject({ mode: "sim", server: sim.url, namespace: "default" });
    expect((await kube.version()).gitVersion).toMatch(/^v1\.32/);
    const anonymousConfig = join(dir.path, "anonymous-kubeconfig");
    writeFileSync(anonymousConfig, simKubeconfig(sim.url));
    const anonymous = createKubeGateway({ mode: "kubeconfig", kubeconfigPath: anonymousConfig });
    const err = await anonymous.version().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KubeError);
    expect(err).toMatchObject({ status: 401, reason: "Unauthorized", operation: "version" });
  });

  it("gives up on a server that does not answer, and on one that is not there", async () => {
    const silent = createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    const file = join(dir.path, "silent-kubeconfig");
    writeFileSync(file, simKubeconfig(url));
    try {
      const slow = createKubeGateway({ mode: "kubeconfig", kubeconfigPath: file, requestTimeoutMs: 200 });
      await expect(slow.version()).rejects.toMatchObject({ status: 0, serverMessage: "no answer from the API server within 200 ms" });
    } finally {
      silent.closeAllConnections();
      await new Promise((r) => silent.close(r));
    }
    const gone = createKubeGateway({ mode: "kubeconfig", kubeconfigPath: file, requestTimeoutMs: 2000 });
    const err = await gone.get({ kind: "Pod", apiVersion: "v1", namespace: NS, name: "x" }).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 0, operation: "get", kind: "Pod", objectName: "x" });
    expect((err as KubeError).serverMessage).toContain("ECONNREFUSED");
  });

  it("resolves kinds through discovery", async () => {
    expect(await kube.resolve("Deployment")).toMatchObject({ apiVersion: "apps/v1", plural: "deployments", namespaced: true });
    expect(await kube.resolve("HorizontalPodAutoscaler")).toMatchObject({ apiVersion: "autoscaling/v2", plural: "horizontalpodautoscalers" });
    expect(await kube.resolve("Namespace")).toMatchObject({ apiVersion: "v1", namespaced: false });
    expect((await kube.resolve("Deployment")).subresources).toEqual(expect.arrayContaining(["scale", "status"]));
    await expect(kube.resolve("Widget")).rejects.toMatchObject({ status: 404, operation: "discovery" });
  });

  it("reads a group version's OpenAPI v3 document through the index; null for one the server does not publish", async () => {
    const doc = await kube.openApi("apps", "v1");
    const schemas = (doc?.components as { schemas: Record<string, { "x-kubernetes-group-version-kind"?: { kind: string }[] }> }).schemas;
    expect(Object.values(schemas).flatMap((s) => s["x-kubernetes-group-version-kind"] ?? []).map((g) => g.kind)).toEqual(expect.arrayContaining(["Deployment", "StatefulSet"]));
    expect(await kube.openApi("example.com", "v1")).toBeNull();
  });

  it("applies, reads back without drift, and re-applies without a change", async () => {
    const applied = await kube.apply(deployment(2));
    expect(applied.metadata).toMatchObject({ generation: 1, namespace: NS });
    const live = await kube.get(WEB);
    expect(driftRows(deployment(2), live)).toEqual([]);
    const managers = (live.metadata.managedFields as { manager: string; operation: string }[]).map((m) => `${m.manager}/${m.operation}`);
    expect(managers).toContain("deployment-manager/Apply");
    const again = await kube.apply(deployment(2));
    expect(again.metadata.generation).toBe(1);
    const cm: KubeObject = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "settings", namespace: NS }, data: { LOG_LEVEL: "info" } };
    const first = await kube.apply(cm);
    expect((await kube.apply(cm)).metadata.resourceVersion).toBe(first.metadata.resourceVersion);
    await waitFor("2 ready pods", () => readyWebPods(2));
    const pods = await webPods();
    for (const p of pods) expect(p.metadata.name).toMatch(/^web-[a-z0-9]+-[a-z0-9]{5}$/);
    // The controller writes the Deployment's status after the pods turn ready; wait for that write too.
    await waitFor("web status to count 2 ready", async () => ((await kube.get(WEB)).status as { readyReplicas?: number } | undefined)?.readyReplicas === 2);
    const status = (await kube.get(WEB)).status as Record<string, number>;
    expect(status).toMatchObject({ replicas: 2, readyReplicas: 2, updatedReplicas: 2, observedGeneration: 1 });
  });

  it("rejects a conflicting apply from another manager with context, and the forced apply wins", async () => {
    const err = await kube.apply(deployment(5), { fieldManager: "someone-else", force: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KubeError);
    const ke = err as KubeError;
    expect(ke).toMatchObject({ status: 409, reason: "Conflict", kind: "Deployment", namespace: NS, objectName: "web", operation: "apply" });
    expect(ke.causes?.map((c) => c.field)).toContain(".spec.replicas");
    expect(ke.message).toContain(`Deployment ${NS}/web`);
    expect(ke.message).toContain('conflict with "deployment-manager"');
    await kube.apply(deployment(5), { fieldManager: "someone-else", force: true });
    expect(((await kube.get(WEB)).spec as { replicas: number }).replicas).toBe(5);
    await kube.apply(deployment(2));
    expect(((await kube.get(WEB)).spec as { replicas: number }).replicas).toBe(2);
    await waitFor("back to 2 ready pods", () => readyWebPods(2));
  });

  it("bumps generation on a spec change and rolls out a new ReplicaSet", async () => {
    const before = (await kube.get(WEB)).metadata.generation ?? 0;
    await kube.apply(deployment(2, "nginx:1.27"));
    const generation = (await kube.get(WEB)).metadata.generation;
    expect(generation).toBe(before + 1);
    await waitFor("rollout", async () => {
      const pods = await readyWebPods(2);
      return pods && pods.every((p) => JSON.stringify(p.spec).includes("nginx:1.27"));
    });
    const rs = await kube.list("ReplicaSet", { namespace: NS, labelSelector: "app=web" });
    expect(rs).toHaveLength(2);
    await waitFor("observedGeneration", async () => ((await kube.get(WEB)).status as { observedGeneration?: number }).observedGeneration === generation);
  });

  it("scales to 0 and back through the scale subresource", async () => {
    expect(await kube.scale(WEB, 0)).toMatchObject({ replicas: 0, selector: "app=web" });
    await waitFor("no pods", async () => (await webPods()).length === 0);
    await waitFor("status replicas 0", async () => ((await kube.get(WEB)).status as { replicas?: number }).replicas === undefined);
    await kube.scale(WEB, 3);
    await waitFor("3 ready pods", () => readyWebPods(3));
    expect(await kube.getScale(WEB)).toMatchObject({ replicas: 3, statusReplicas: 3 });
    await waitFor("readyReplicas 3", async () => ((await kube.get(WEB)).status as { readyReplicas?: number }).readyReplicas === 3);
  });

  it("replaces a deleted pod", async () => {
    const [victim] = await webPods();
    if (!victim) throw new Error("no pod");
    await kube.delete({ kind: "Pod", namespace: NS, name: victim.metadata.name });
    const pods = await waitFor("replacement pod", () => readyWebPods(3));
    expect(pods.map((p) => p.metadata.name)).not.toContain(victim.metadata.name);
  });

  it("orphans a relabelled pod (quarantine) and replaces it; the Service's Endpoints drop it", async () => {
    await kube.apply({ apiVersion: "v1", kind: "Service", metadata: { name: "web", namespace: NS }, spec: { selector: { app: "web" }, ports: [{ port: 80, targetPort: 8080 }] } });
    const endpointPods = async (): Promise<string[]> => {
      const ep = await kube.get({ kind: "Endpoints", namespace: NS, name: "web" });
      const subsets = (ep.subsets ?? []) as { addresses?: { targetRef: { name: string } }[] }[];
      return subsets.flatMap((s) => (s.addresses ?? []).map((a) => a.targetRef.name)).sort();
    };
    const [victim] = await webPods();
    if (!victim) throw new Error("no pod");
    const name = victim.metadata.name;
    await waitFor("the Service's Endpoints to list the 3 ready pods", async () => (await endpointPods()).length === 3 && (await endpointPods()).includes(name));
    const patched = await kube.patchLabels({ kind: "Pod", namespace: NS, name }, { app: "web-quarantined", quarantined: "true" });
    expect(patched.metadata.labels).toMatchObject({ app: "web-quarantined", quarantined: "true" });
    const pods = await waitFor("replacement for the quarantined pod", () => readyWebPods(3));
    expect(pods.map((p) => p.metadata.name)).not.toContain(name);
    const kept = await waitFor("orphaned pod", async () => {
      const p = await kube.get({ kind: "Pod", namespace: NS, name });
      return !p.metadata.ownerReferences && p;
    });
    expect((await kube.podReadiness(NS, kept.metadata.name)).ready).toBe(true);
    const replacements = pods.map((p) => p.metadata.name).sort();
    await waitFor("Endpoints to hold the replacement and not the quarantined pod", async () => {
      const addresses = await endpointPods();
      return addresses.join() === replacements.join() && addresses;
    });
    await kube.delete({ kind: "Service", namespace: NS, name: "web" });
  });

  it("reads pod logs with tailLines and sinceTime", async () => {
    const [pod] = await webPods();
    if (!pod) throw new Error("no pod");
    await new Promise((r) => setTimeout(r, 350));
    const all = await kube.podLogs(NS, pod.metadata.name);
    expect(all).toContain(`starting web (image nginx:1.27) in pod ${pod.metadata.name}`);
    expect(all).toContain("heartbeat 1");
    const tail = await kube.podLogs(NS, pod.metadata.name, { tailLines: 2 });
    expect(tail.trim().split("\n")).toHaveLength(2);
    const stamped = await kube.podLogs(NS, pod.metadata.name, { timestamps: true, tailLines: 1 });
    expect(stamped).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z heartbeat \d+/);
    const future = await kube.podLogs(NS, pod.metadata.name, { sinceTime: new Date(Date.now() + 60_000) });
    expect(future).toBe("");
    const err = await kube.podLogs(NS, pod.metadata.name, { container: "nope" }).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 400, reason: "BadRequest", kind: "Pod", operation: "logs" });
  });

  it("surfaces 404 with context, and find() returns null", async () => {
    const err = await kube.get({ kind: "Deployment", namespace: NS, name: "missing" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KubeError);
    expect(err).toMatchObject({ status: 404, reason: "NotFound", kind: "Deployment", namespace: NS, objectName: "missing", operation: "get" });
    expect((err as Error).message).toBe(
      `kubernetes get Deployment ${NS}/missing failed (404 NotFound): deployments.apps "missing" not found`,
    );
    expect(await kube.find({ kind: "Deployment", namespace: NS, name: "missing" })).toBeNull();
    const unknownKind = await kube.find({ kind: "Widget", namespace: NS, name: "x" }).catch((e: unknown) => e);
    expect(unknownKind).toBeInstanceOf(KubeError);
    expect(unknownKind).toMatchObject({ operation: "discovery", status: 404, kind: "Widget", objectName: "x", isKindNotServed: true });
    expect((unknownKind as Error).message).toContain("the server has no resource of kind Widget");
    await expect(kube.apply({ apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "x", namespace: NS } })).rejects.toMatchObject({ operation: "discovery", status: 404 });
    await expect(kube.delete({ kind: "ConfigMap", namespace: NS, name: "missing" })).rejects.toMatchObject({ status: 404 });
    await expect(kube.apply({ ...deployment(1), metadata: { name: "x", namespace: "no-such-namespace" } })).rejects.toMatchObject({
      status: 404,
      serverMessage: 'namespaces "no-such-namespace" not found',
    });
  });

  it("lists by label selector and lists HPAs", async () => {
    await kube.apply({
      apiVersion: "autoscaling/v2",
      kind: "HorizontalPodAutoscaler",
      metadata: { name: "web", namespace: NS },
      spec: { scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" }, minReplicas: 1, maxReplicas: 4 },
    });
    const hpas = await kube.listHpas(NS);
    expect(hpas.map((h) => `${h.kind}/${h.metadata.name}`)).toEqual(["HorizontalPodAutoscaler/web"]);
    await waitFor("HPA status", async () => ((await kube.listHpas(NS))[0]?.status as { currentReplicas?: number } | undefined)?.currentReplicas === 3);
    expect(((await kube.listHpas(NS))[0]?.status as { desiredReplicas?: number }).desiredReplicas).toBe(3);
    await kube.scale(WEB, 9);
    await waitFor("HPA caps replicas at maxReplicas", async () => (await kube.getScale(WEB)).replicas === 4);
    await kube.scale(WEB, 0);
    await new Promise((r) => setTimeout(r, 100));
    expect((await kube.getScale(WEB)).replicas).toBe(0);
    await kube.scale(WEB, 3);
    expect(await kube.list("Deployment", { namespace: NS, labelSelector: "tier in (frontend,backend),app" })).toHaveLength(1);
    expect(await kube.list("Deployment", { namespace: NS, labelSelector: "tier!=frontend" })).toHaveLength(0);
    expect((await kube.list("Namespace")).map((n) => n.metadata.name)).toContain(NS);
  });

  it("serves HPAs in autoscaling/v1 and v2, stored once and converted", async () => {
    const v1 = { apiVersion: "autoscaling/v1", kind: "HorizontalPodAutoscaler", namespace: NS, name: "api" };
    const v2 = { ...v1, apiVersion: "autoscaling/v2" };
    const scaleTargetRef = { apiVersion: "apps/v1", kind: "Deployment", name: "api" };
    expect(await kube.resolve("HorizontalPodAutoscaler", "autoscaling/v1")).toMatchObject({ apiVersion: "autoscaling/v1", plural: "horizontalpodautoscalers" });
    const applied = await kube.apply({
      apiVersion: "autoscaling/v1",
      kind: "HorizontalPodAutoscaler",
      metadata: { name: "api", namespace: NS },
      spec: { scaleTargetRef, minReplicas: 1, maxReplicas: 5, targetCPUUtilizationPercentage: 70 },
    });
    expect(applied).toMatchObject({ apiVersion: "autoscaling/v1", spec: { targetCPUUtilizationPercentage: 70 } });
    const cpu = (averageUtilization: number) => ({ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization } } });
    expect((await kube.get(v2)).spec).toEqual({ scaleTargetRef, minReplicas: 1, maxReplicas: 5, metrics: [cpu(70)] });

    // v2-only fields travel through v1 in annotations, so a v1 read-modify-apply keeps them.
    const memory = { type: "Resource", resource: { name: "memory", target: { type: "AverageValue", averageValue: "500Mi" } } };
    const behavior = { scaleDown: { stabilizationWindowSeconds: 60 } };
    await kube.apply({ apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler", metadata: { name: "api", namespace: NS }, spec: { scaleTargetRef, minReplicas: 1, maxReplicas: 5, metrics: [cpu(60), memory], behavior } });
    const asV1 = await kube.get(v1);
    expect(asV1.spec).toEqual({ scaleTargetRef, minReplicas: 1, maxReplicas: 5, targetCPUUtilizationPercentage: 60 });
    expect(asV1.metadata.annotations).toMatchObject({
      "autoscaling.alpha.kubernetes.io/metrics": JSON.stringify([memory]),
      "autoscaling.alpha.kubernetes.io/behavior": JSON.stringify(behavior),
    });
    await kube.apply({ apiVersion: "autoscaling/v1", kind: "HorizontalPodAutoscaler", metadata: { name: "api", namespace: NS, annotations: asV1.metadata.annotations }, spec: { ...(asV1.spec as object), targetCPUUtilizationPercentage: 50 } });
    const stored = await kube.get(v2);
    expect(stored.spec).toEqual({ scaleTargetRef, minReplicas: 1, maxReplicas: 5, metrics: [cpu(50), memory], behavior });
    expect(stored.metadata.annotations).toBeUndefined();
    expect((await kube.list("HorizontalPodAutoscaler", { namespace: NS, apiVersion: "autoscaling/v1" })).map((h) => `${h.apiVersion} ${h.metadata.name}`)).toContain("autoscaling/v1 api");
    await kube.delete(v1);
    expect(await kube.find(v2)).toBeNull();
  });

  it("deletes with propagation: Background removes pods, Orphan keeps them", async () => {
    const job = {
      apiVersion: "batch/v1",
      kind: "Job",
      metadata: { name: "once", namespace: NS },
      spec: { template: { spec: { restartPolicy: "Never", containers: [{ name: "task", image: "busybox:1.36" }] } } },
    };
    await kube.apply(job);
    await waitFor("job complete", async () => ((await kube.get({ kind: "Job", namespace: NS, name: "once" })).status as { succeeded?: number }).succeeded === 1);
    const jobPods = await kube.list("Pod", { namespace: NS, labelSelector: "job-name=once" });
    expect(jobPods).toHaveLength(1);
    expect((await kube.podReadiness(NS, jobPods[0]?.metadata.name ?? "")).phase).toBe("Succeeded");
    await kube.delete({ kind: "Job", namespace: NS, name: "once" }, { propagationPolicy: "Orphan" });
    expect(await kube.list("Pod", { namespace: NS, labelSelector: "job-name=once" })).toHaveLength(1);

    await kube.delete(WEB);
    await waitFor("pods of the deleted deployment gone", async () => (await webPods()).length === 0);
    expect(await kube.list("ReplicaSet", { namespace: NS })).toHaveLength(0);
  });

  it("runs StatefulSet pods in order with stable names", async () => {
    await kube.apply({
      apiVersion: "apps/v1",
      kind: "StatefulSet",
      metadata: { name: "db", namespace: NS },
      spec: {
        replicas: 3,
        serviceName: "db",
        selector: { matchLabels: { app: "db" } },
        template: { metadata: { labels: { app: "db" } }, spec: { containers: [{ name: "db", image: "postgres:16" }] } },
      },
    });
    const ref = { kind: "StatefulSet", namespace: NS, name: "db" };
    await waitFor("3 ready db pods", async () => ((await kube.get(ref)).status as { readyReplicas?: number }).readyReplicas === 3);
    const names = (await kube.list("Pod", { namespace: NS, labelSelector: "app=db" })).map((p) => p.metadata.name);
    expect(names.sort()).toEqual(["db-0", "db-1", "db-2"]);
    await kube.scale(ref, 1);
    await waitFor("scaled down to db-0", async () => (await kube.list("Pod", { namespace: NS, labelSelector: "app=db" })).map((p) => p.metadata.name).join() === "db-0");
  });

  it("keys container and Service ports by port and protocol: 53/UDP and 53/TCP survive a second apply", async () => {
    const dnsPorts = [
      { name: "dns", containerPort: 53, protocol: "UDP" },
      { name: "dns-tcp", containerPort: 53, protocol: "TCP" },
      { name: "metrics", containerPort: 9153 },
    ];
    const dns: KubeObject = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "dns", namespace: NS },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: "dns" } },
        template: { metadata: { labels: { app: "dns" } }, spec: { containers: [{ name: "dns", image: "coredns:1.11", ports: dnsPorts }] } },
      },
    };
    const svc: KubeObject = {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "dns", namespace: NS },
      spec: {
        selector: { app: "dns" },
        ports: [
          { name: "dns", port: 53, protocol: "UDP" },
          { name: "dns-tcp", port: 53, protocol: "TCP" },
        ],
      },
    };
    const keysOf = (f: unknown): string[] => (f && typeof f === "object" ? Object.entries(f).flatMap(([k, v]) => [k, ...keysOf(v)]) : []);
    const appliedKeys = (o: KubeObject): string[] =>
      keysOf((o.metadata.managedFields as { manager: string; operation: string; fieldsV1: unknown }[]).find((m) => m.manager === "deployment-manager" && m.operation === "Apply")?.fieldsV1);
    for (const object of [dns, svc]) {
      await kube.apply(object);
      await kube.apply(object, { force: true });
    }
    const live = await kube.get({ kind: "Deployment", namespace: NS, name: "dns" });
    const livePorts = ((live.spec as { template: { spec: { containers: { ports: unknown[] }[] } } }).template.spec.containers[0]?.ports ?? []) as Record<string, unknown>[];
    expect(livePorts.map((p) => `${String(p.name)} ${String(p.containerPort)}/${String(p.protocol)}`)).toEqual(["dns 53/UDP", "dns-tcp 53/TCP", "metrics 9153/TCP"]);
    expect(appliedKeys(live)).toEqual(
      expect.arrayContaining(['k:{"containerPort":53,"protocol":"UDP"}', 'k:{"containerPort":53,"protocol":"TCP"}', 'k:{"containerPort":9153,"protocol":"TCP"}']),
    );
    const liveSvc = await kube.get({ kind: "Service", namespace: NS, name: "dns" });
    const svcPorts = (liveSvc.spec as { ports: Record<string, unknown>[] }).ports;
    expect(svcPorts.map((p) => `${String(p.name)} ${String(p.port)}/${String(p.protocol)}`)).toEqual(["dns 53/UDP", "dns-tcp 53/TCP"]);
    expect(appliedKeys(liveSvc)).toEqual(expect.arrayContaining(['k:{"port":53,"protocol":"UDP"}', 'k:{"port":53,"protocol":"TCP"}']));

    const twice = { ...svc, spec: { ...(svc.spec as object), ports: [{ name: "a", port: 53 }, { name: "b", port: 53, protocol: "TCP" }] } };
    await expect(kube.apply(twice)).rejects.toMatchObject({ status: 422, reason: "Invalid", message: expect.stringContaining('spec.ports[1]: Duplicate value: [port=53,protocol="TCP"]') });
    const created = await kube.apply({ ...twice, metadata: { name: "dns-twice", namespace: NS } }).catch((e: unknown) => e);
    expect(created).toMatchObject({ status: 422, reason: "Invalid" });
    expect(await kube.find({ kind: "Service", namespace: NS, name: "dns-twice" })).toBeNull();
    expect((await kube.get({ kind: "Service", namespace: NS, name: "dns" })).spec).toMatchObject({ ports: svcPorts });
  });

  it("keeps fields the manager's own Update entries own when its apply stops setting them", async () => {
    const cm = (labels: Record<string, string>): KubeObject => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "owned", namespace: NS, labels }, data: { k: "v" } });
    const ref = { kind: "ConfigMap", namespace: NS, name: "owned" };
    await kube.apply(cm({ a: "1" }));
    await kube.patchLabels(ref, { a: "2" });
    await kube.apply(cm({ a: "2", b: "1" }));
    await kube.apply(cm({ b: "1" }));
    expect((await kube.get(ref)).metadata.labels).toEqual({ a: "2", b: "1" });

    // Hibernation: scale() writes replicas through the scale subresource as deployment-manager (Update),
    // pushes while hibernated apply replicas 0; a later config without spec.replicas leaves them at 0.
    const sleepy = (replicas?: number): KubeObject => ({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "sleepy", namespace: NS },
      spec: {
        ...(replicas === undefined ? {} : { replicas }),
        selector: { matchLabels: { app: "sleepy" } },
        template: { metadata: { labels: { app: "sleepy" } }, spec: { containers: [{ name: "sleepy", image: "busybox:1.36" }] } },
      },
    });
    const sleepyRef = { kind: "Deployment", namespace: NS, name: "sleepy" };
    await kube.apply(sleepy(2));
    await kube.scale(sleepyRef, 0);
    await kube.apply(sleepy(0));
    const live = await kube.apply(sleepy());
    expect((live.spec as { replicas: number }).replicas).toBe(0);
    const managers = (live.metadata.managedFields as { manager: string; operation: string; subresource?: string }[]).map((m) => `${m.manager}/${m.operation}/${m.subresource ?? ""}`);
    expect(managers).toEqual(expect.arrayContaining(["deployment-manager/Apply/", "deployment-manager/Update/scale"]));
    await kube.delete(sleepyRef);
  });

  it("keeps the cluster across a restart of the simulator", async () => {
    await kube.apply({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "kept", namespace: NS }, data: { a: "1" } });
    await sim.close();
    sim = await startSimulator({ dataDir: dir.path, token: TOKEN, timing: { podReadyDelayMs: 50 } });
    kube = createKubeGateway({ mode: "sim", kubeconfigPath: sim.kubeconfigPath });
    expect((await kube.get({ kind: "ConfigMap", namespace: NS, name: "kept" })).data).toEqual({ a: "1" });
    expect((await kube.get({ kind: "StatefulSet", namespace: NS, name: "db" })).spec).toMatchObject({ replicas: 1 });
    await waitFor("controllers resume after restart", async () => (await kube.list("Pod", { namespace: NS, labelSelector: "app=db" })).length === 1);
  });
});
