import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type Simulator, simKubeconfig, startSimulator } from "@/lib/kube";
import { kubectlJson, waitFor } from "../support/cluster";
import { type ProxiedRequest, startFaultProxy } from "../support/fault-proxy";
import { deployment, docs, service } from "../support/fixtures";
import { call, get } from "../support/http";
import { createTestDatabase } from "../support/postgres";
import { allows, rbacAttributes, rbacRules } from "../support/rbac";
import { type TestServer, startServer } from "../support/server";

// Cluster operations with a fault proxy between the app and the simulator (a server of its own):
// deployment/update retries and bounded parallelism, failed_to_apply, hibernate/revive that fail
// part-way, hibernate/revive while a push is in flight, retried namespace reads and LISTs,
// quarantine when RBAC hides the pod's owner or the owner is a StatefulSet, the manager's own
// Deployment left running, and every request the app made allowed by deploy/'s RBAC (a missing
// namespace, which that RBAC may not create, fails its objects with a reason). With PostgreSQL:
// two replicas on one database, a hibernate on one waiting for a push on the other.

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Pod = { metadata: { name: string; labels?: Record<string, string> }; status?: { conditions?: { type: string; status: string }[] } };
const NS = "instabase";
const UPDATED = Array.from({ length: 10 }, (_, i) => `upd-${String(i).padStart(2, "0")}`);
const isReady = (p: Pod) => (p.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True");

const managerDeployment = deployment("deployment-manager", { replicas: 1 }).replace(
  "  name: deployment-manager\n",
  "  name: deployment-manager\n  labels:\n    app.kubernetes.io/name: deployment-manager\n",
);
const statefulSet = `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: ${NS}}
spec:
  replicas: 1
  serviceName: db
  selector:
    matchLabels: {app: db}
  template:
    metadata:
      labels: {app: db}
    spec:
      containers: [{name: db, image: postgres:16}]
`;

type FaultProxy = Awaited<ReturnType<typeof startFaultProxy>>;

/** POSTs `route` to `other` while a push on `pusher` (its applies held 1 s each) is in flight; the push must succeed. */
async function whilePushing(proxy: FaultProxy, pusher: TestServer, other: TestServer, route: string) {
  proxy.state.applyDelayMs = 1_000;
  const push = call(pusher, "POST", "/deployment/update");
  await waitFor(async () => proxy.state.appliesInFlight > 0, 30_000, "a push in flight");
  const response = await call(other, "POST", route);
  const pushed = await push;
  proxy.state.applyDelayMs = 0;
  expect(pushed.status, pushed.text).toBe(200);
  return response;
}

describe("cluster operations through a fault proxy (own server)", () => {
  const simDir = fs.mkdtempSync(path.join(os.tmpdir(), "dm-cluster-faults-"));
  let sim: Simulator;
  let proxy: FaultProxy;
  let server: TestServer;
  const replicas = async () => {
    const list = await kubectlJson<{ items: { metadata: { name: string }; spec: { replicas: number } }[] }>(simDir, ["get", "deployments,statefulsets", "-n", NS]);
    return Object.fromEntries(list.items.map((w) => [w.metadata.name, w.spec.replicas]));
  };
  const pods = async (selector: string) => (await kubectlJson<{ items: Pod[] }>(simDir, ["get", "pods", "-n", NS, "-l", selector])).items;
  /** Answers `status` to the requests `matches` selects (`once`: the first one per path only). */
  const failWhen = (matches: (r: ProxiedRequest) => boolean, status: number, options: { once?: boolean; headers?: Record<string, string> } = {}) => {
    const failed = new Set<string>();
    proxy.state.fault = (r) => {
      if (!matches(r) || (options.once && failed.has(r.path))) return undefined;
      failed.add(r.path);
      return { status, ...(options.headers ? { headers: options.headers } : {}) };
    };
  };
  const scaleOf = (name: string) => (r: ProxiedRequest) => r.method === "PATCH" && r.path.endsWith(`/deployments/${name}/scale`);

  beforeAll(async () => {
    sim = await startSimulator({ dataDir: simDir });
    // In a real cluster the manager's namespace exists before it runs (its RBAC cannot create one),
    // and so does the pod it runs in: here one of an unlabelled Deployment (no config in the store),
    // named to the server by POD_NAME.
    const preinstalled = path.join(simDir, "preinstalled.yaml");
    fs.writeFileSync(preinstalled, docs(`apiVersion: v1\nkind: Namespace\nmetadata: {name: ${NS}}\n`, deployment("dm-self", { replicas: 1 })));
    await kubectlJson(simDir, ["apply", "-f", preinstalled]);
    const self = await waitFor(async () => (await pods("app=dm-self"))[0], 30_000, "the manager's own pod");
    proxy = await startFaultProxy(sim.url);
    const kubeconfig = path.join(simDir, "proxy-kubeconfig");
    fs.writeFileSync(kubeconfig, simKubeconfig(proxy.url));
    server = await startServer({ database: "pglite", env: { KUBE_MODE: "kubeconfig", KUBECONFIG: kubeconfig, POD_NAME: self.metadata.name } });
    // upd-03 is refused for good from the start: every push fails it.
    failWhen((r) => r.isApply && r.path.endsWith("/deployments/upd-03"), 503);
    const base = docs(
      ...UPDATED.map((n) => deployment(n, { replicas: 0 })),
      deployment("hib-a", { replicas: 1 }),
      deployment("hib-b", { replicas: 2 }),
      deployment("web", { replicas: 2 }),
      service("web-svc", "web"),
      statefulSet,
      managerDeployment,
    );
    const upload = await call(server, "POST", "/base_configs", { form: { release_version: "1.0.0", base_config: base } });
    expect(upload.status, upload.text).toBe(500);
    expect((upload.body as Body).data.failed_to_apply).toEqual(["upd-03"]);
    await waitFor(async () => (await pods("app=web")).filter(isReady).length === 2 && (await pods("app=db")).filter(isReady).length === 1, 30_000, "web and db pods");
  }, 120_000);

  afterAll(async () => {
    await server?.destroy();
    await proxy?.close();
    await sim?.close();
    fs.rmSync(simDir, { recursive: true, force: true });
  });

  it("deployment/update: an object failing for good is in failed_to_apply with its reason and stays NOT_GOLDEN", async () => {
    const update = await call(server, "POST", "/deployment/update");
    expect(update.status, update.text).toBe(200);
    expect((update.body as Body).data.failed_to_apply).toEqual({ "upd-03": expect.stringMatching(/injected fault 503/) });
    expect((update.body as Body).data.successful_apply).toEqual(expect.arrayContaining(["upd-02", "upd-04", "web", "db"]));
    const configs = ((await get(server, "/configs")).body as Body).configs as Body[];
    const state = (name: string) => configs.find((c) => c.objectName === name)?.state;
    expect([state("upd-03"), state("upd-04")]).toEqual(["NOT_GOLDEN", "IS_GOLDEN"]);
  });

  it("deployment/update retries 409, 429 and 503 (once per object): every object applies, several at a time within the bound of 8", async () => {
    const statuses = [409, 429, 503];
    const failed = new Set<string>();
    proxy.state.fault = (r) => {
      const name = r.path.split("/").pop()!;
      if (!r.isApply || !UPDATED.includes(name) || failed.has(name)) return undefined;
      failed.add(name);
      return { status: statuses[UPDATED.indexOf(name) % 3]! };
    };
    proxy.state.applyDelayMs = 150;
    proxy.state.maxAppliesInFlight = 0;
    const update = await call(server, "POST", "/deployment/update");
    proxy.state.applyDelayMs = 0;
    proxy.state.fault = undefined;
    expect(update.status, update.text).toBe(200);
    expect((update.body as Body).data.failed_to_apply).toEqual({});
    expect((update.body as Body).data.successful_apply).toEqual(expect.arrayContaining(UPDATED));
    expect([...failed].sort()).toEqual(UPDATED);
    expect(proxy.state.maxAppliesInFlight).toBeGreaterThan(1);
    expect(proxy.state.maxAppliesInFlight).toBeLessThanOrEqual(8);
    const configs = ((await get(server, "/configs")).body as Body).configs as Body[];
    expect(configs.filter((c) => UPDATED.includes(c.objectName) && c.state === "IS_GOLDEN")).toHaveLength(UPDATED.length);
  });

  it("a 429 with Retry-After is retried no sooner than the server asked", async () => {
    const upd05 = "/apis/apps/v1/namespaces/instabase/deployments/upd-05";
    failWhen((r) => r.isApply && r.path === upd05, 429, { once: true, headers: { "retry-after": "2" } });
    const since = Date.now();
    const update = await call(server, "POST", "/deployment/update/upd-05");
    proxy.state.fault = undefined;
    expect(update.body).toEqual({ statusCode: 200, data: { successful_apply: ["upd-05"], failed_to_apply: {} }, error: null });
    const applies = proxy.state.requests.filter((x) => x.method === "PATCH" && x.path === upd05 && x.at >= since);
    expect(applies).toHaveLength(2);
    expect(applies[1]!.at - applies[0]!.at).toBeGreaterThanOrEqual(1_900);
  });

  it("hibernate and revive that fail part-way answer 500 naming the workloads and why; again once the fault is gone → 200; the manager keeps running", async () => {
    failWhen(scaleOf("hib-b"), 503);
    const partial = await call(server, "POST", "/deployment/hibernate");
    expect(partial.status, partial.text).toBe(500);
    expect((partial.body as Body).error).toMatch(/Deployment\/instabase\/hib-b: .*injected fault 503/);
    expect((partial.body as Body).error).not.toMatch(/hib-a/);
    expect(await replicas()).toMatchObject({ "hib-a": 0, "hib-b": 2, web: 0, db: 0 });

    proxy.state.fault = undefined;
    expect((await call(server, "POST", "/deployment/hibernate")).body).toEqual({ statusCode: 200, data: null, error: null });
    // The manager's own workloads: by label, and the owner of the pod POD_NAME names.
    expect(await replicas()).toMatchObject({ "hib-a": 0, "hib-b": 0, "deployment-manager": 1, "dm-self": 1 });
    const recorded = ((await get(server, "/deployment/hibernation")).body as Body).data.workloads as Body[];
    expect(recorded.map((w) => w.name)).not.toContain("deployment-manager");
    expect(recorded.map((w) => w.name)).not.toContain("dm-self");
    const view = ((await get(server, "/kube/workloads")).body as Body).data.workloads as Body[];
    expect(view.filter((w) => w.manager).map((w) => w.name)).toEqual(["deployment-manager", "dm-self"]);

    failWhen(scaleOf("hib-a"), 503);
    const failedRevive = await call(server, "POST", "/deployment/revive");
    expect(failedRevive.status, failedRevive.text).toBe(500);
    expect((failedRevive.body as Body).error).toMatch(/Deployment\/instabase\/hib-a: .*injected fault 503/);
    expect(await replicas()).toMatchObject({ "hib-a": 0, "hib-b": 2 });
    proxy.state.fault = undefined;
    expect((await call(server, "POST", "/deployment/revive")).body).toEqual({ statusCode: 200, data: null, error: null });
    expect(await replicas()).toMatchObject({ "hib-a": 1, "hib-b": 2, web: 2, db: 1, "deployment-manager": 1, "dm-self": 1 });
  });

  it("hibernate during a push waits for it: every workload ends at 0 and the record holds the counts from before", async () => {
    const before = await replicas();
    expect(before).toMatchObject({ "hib-a": 1, "hib-b": 2, web: 2, db: 1 });
    const hibernated = await whilePushing(proxy, server, server, "/deployment/hibernate");
    expect(hibernated.body).toEqual({ statusCode: 200, data: null, error: null });
    expect(await replicas()).toMatchObject({ "hib-a": 0, "hib-b": 0, web: 0, db: 0, "deployment-manager": 1, "dm-self": 1 });
    const recorded = ((await get(server, "/deployment/hibernation")).body as Body).data.workloads as Body[];
    expect(Object.fromEntries(recorded.map((w) => [w.name, w.replicas]))).toMatchObject({ "hib-a": 1, "hib-b": 2, web: 2, db: 1 });
  }, 120_000);

  it("revive during a push waits for it: the push does not undo the restore, and nothing stays recorded", async () => {
    const revived = await whilePushing(proxy, server, server, "/deployment/revive");
    expect(revived.body).toEqual({ statusCode: 200, data: null, error: null });
    expect(await replicas()).toMatchObject({ "hib-a": 1, "hib-b": 2, web: 2, db: 1 });
    expect(((await get(server, "/deployment/hibernation")).body as Body).data).toMatchObject({ hibernated: false, workloads: [] });
  }, 120_000);

  it("a failed namespace read or LIST is retried: the push applies and drift reads the cluster", async () => {
    // Twice each: the health loop reads the namespace too and may take one of the faults.
    const failTwice = (path: string) => {
      let left = 2;
      proxy.state.fault = (r) => (r.method === "GET" && r.path === path && left-- > 0 ? { status: 503 } : undefined);
    };
    failTwice(`/api/v1/namespaces/${NS}`);
    const update = await call(server, "POST", "/deployment/update/web");
    expect(update.body).toEqual({ statusCode: 200, data: { successful_apply: ["web"], failed_to_apply: {} }, error: null });
    const services = `/api/v1/namespaces/${NS}/services`;
    const since = Date.now();
    failTwice(services);
    const drift = await get(server, "/configs/k8s-inconsistencies");
    proxy.state.fault = undefined;
    expect(drift.status, drift.text).toBe(200);
    expect(proxy.state.requests.filter((r) => r.path === services && r.at >= since)).toHaveLength(3);
    expect(JSON.stringify(drift.body)).not.toMatch(/injected fault/);
  });

  it("a size none of whose workloads the store holds stores no patch and is not claimed as the cluster's size", async () => {
    const response = await call(server, "POST", "/resourcing/cluster/standard");
    expect(response.body).toEqual({ statusCode: 200, data: { successful_apply: [], failed_to_apply: {} }, error: null });
    expect((await get(server, "/resourcing/cluster")).body).toMatchObject({ data: { current: null } });
  });

  it("quarantine when RBAC hides the pod's owner (403): the Services' selectors decide, and a replacement runs", async () => {
    const ready = await waitFor(async () => {
      const list = (await pods("app=web")).filter(isReady);
      return list.length === 2 ? list : null;
    }, 30_000, "two ready web pods");
    const victim = ready[0]!.metadata.name;
    failWhen((r) => r.method === "GET" && r.path.includes("/replicasets/"), 403);
    const response = await call(server, "POST", "/kube/pod/quarantine", { form: { pod: victim } });
    proxy.state.fault = undefined;
    expect(response.body).toEqual({ statusCode: 200, data: null, error: null });
    const pod = await kubectlJson<Pod>(simDir, ["get", "pod", victim, "-n", NS]);
    expect(pod.metadata.labels).toMatchObject({ "deployment-manager.io/quarantined": "true" });
    expect(pod.metadata.labels?.app).toBeUndefined();
    await waitFor(async () => (await pods("app=web")).filter(isReady).length === 2, 30_000, "a ready replacement");
  });

  it("quarantining a StatefulSet's pod is refused (409): its replacement would need the pod's name", async () => {
    const response = await call(server, "POST", "/kube/pod/quarantine", { form: { pod: "db-0" } });
    expect(response.status, response.text).toBe(409);
    expect((response.body as Body).error).toMatch(/StatefulSet db\b.*delete the pod instead/);
    expect((await kubectlJson<Pod>(simDir, ["get", "pod", "db-0", "-n", NS])).metadata.labels).toMatchObject({ app: "db" });
  });

  it("every request the app made to the cluster is allowed by deploy/kubernetes/rbac.yaml, but creating a missing namespace, which fails with a reason", async () => {
    const { role, clusterRole } = rbacRules();
    const permitted = (a: NonNullable<ReturnType<typeof rbacAttributes>>) => allows(a.namespaced ? role : clusterRole, a.group, a.resource, a.verb);
    // From here on the proxy answers 403 to what the RBAC does not grant, as the API server would.
    proxy.state.fault = (r) => {
      const attributes = rbacAttributes(r.method, r.path);
      return attributes && !permitted(attributes) ? { status: 403 } : undefined;
    };
    // A config in a namespace that does not exist: that object fails with a reason, the others apply.
    const elsewhere = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: team-cm, namespace: team-x}\ndata: {a: "1"}\n`;
    await call(server, "POST", "/base_configs", { form: { release_version: "1.0.1", base_config: docs(elsewhere) } });
    const update = await call(server, "POST", "/deployment/update");
    expect(update.status, update.text).toBe(200);
    expect((update.body as Body).data.failed_to_apply).toEqual({
      "team-cm": expect.stringMatching(/^namespace team-x does not exist and the manager may not create namespaces: create it, or grant create and patch on namespaces/),
    });
    expect((update.body as Body).data.successful_apply).toEqual(expect.arrayContaining(["web", "db", "hib-a"]));
    // The console's reads and the drift check too; the health loop and controllers ran meanwhile.
    for (const route of ["/configs/k8s-inconsistencies", "/kube/workloads", "/resourcing/autoscaled", "/kube/pod/logs?pod=db-0"]) {
      expect((await get(server, route)).status, route).toBe(200);
    }
    proxy.state.fault = undefined;
    const needed = new Set<string>();
    for (const { method, path: urlPath } of proxy.state.requests) {
      const attributes = rbacAttributes(method, urlPath);
      if (attributes) needed.add(JSON.stringify(attributes));
    }
    const denied = [...needed]
      .map((json) => JSON.parse(json) as NonNullable<ReturnType<typeof rbacAttributes>>)
      .filter((a) => !permitted(a))
      .map((a) => `${a.verb} ${a.group || "core"}/${a.resource}${a.namespaced ? "" : " (cluster)"}`);
    expect(needed.size).toBeGreaterThan(10);
    expect(denied).toEqual(["patch core/namespaces (cluster)"]);
  });
});

describe.runIf(inject("postgres"))("two replicas on one PostgreSQL: cluster writes take turns across them", () => {
  const simDir = fs.mkdtempSync(path.join(os.tmpdir(), "dm-cluster-replicas-"));
  const names = Array.from({ length: 12 }, (_, i) => `rep-${String(i).padStart(2, "0")}`);
  let sim: Simulator;
  let proxy: FaultProxy;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let first: TestServer;
  let second: TestServer;

  beforeAll(async () => {
    sim = await startSimulator({ dataDir: simDir });
    proxy = await startFaultProxy(sim.url);
    const kubeconfig = path.join(simDir, "proxy-kubeconfig");
    fs.writeFileSync(kubeconfig, simKubeconfig(proxy.url));
    database = await createTestDatabase("dm_replicas");
    const options = { database: "postgres" as const, databaseUrl: database.url, token: `it-token-replicas-${Date.now()}-0123456789`, env: { KUBE_MODE: "kubeconfig", KUBECONFIG: kubeconfig } };
    first = await startServer(options);
    second = await startServer(options);
    const upload = await call(first, "POST", "/base_configs", { form: { release_version: "1.0.0", base_config: docs(...names.map((n) => deployment(n, { replicas: 2 }))) } });
    expect(upload.status, upload.text).toBe(200);
  }, 180_000);

  afterAll(async () => {
    await first?.destroy();
    await second?.destroy();
    await database?.drop();
    await proxy?.close();
    await sim?.close();
    fs.rmSync(simDir, { recursive: true, force: true });
  });

  it("a hibernate on one replica waits for the push in flight on the other: every workload ends at 0, recorded at 2", async () => {
    const hibernated = await whilePushing(proxy, first, second, "/deployment/hibernate");
    expect(hibernated.body).toEqual({ statusCode: 200, data: null, error: null });
    const list = await kubectlJson<{ items: { metadata: { name: string }; spec: { replicas: number } }[] }>(simDir, ["get", "deployments", "-n", NS]);
    expect(Object.fromEntries(list.items.map((w) => [w.metadata.name, w.spec.replicas]))).toEqual(Object.fromEntries(names.map((n) => [n, 0])));
    const recorded = ((await get(second, "/deployment/hibernation")).body as Body).data.workloads as Body[];
    expect(recorded.map((w) => [w.name, w.replicas])).toEqual(names.map((n) => [n, 2]));
  }, 120_000);
});
