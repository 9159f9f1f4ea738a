import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kubectlJson, waitFor } from "../support/cluster";
import { call, get } from "../support/http";
import { type TestServer, startServer } from "../support/server";

// Whole-cluster operations on a server of its own (PGlite): hibernate → all pods gone → revive →
// the same replica counts (a push while hibernated keeps 0 and updates the record); cluster size
// presets recorded as patches; the autoscaling controllers acting on the simulator, paused
// controllers changing nothing, and the paused state surviving a restart.

type Envelope<T> = { statusCode: number; data: T; error: string | null };
type Workload = { metadata: { name: string }; spec: { replicas: number; template: { spec: { containers: { name: string; resources?: unknown }[] } } } };
const NS = "instabase";
const A = "autoscaling.deployment-manager.io";

function deployment(name: string, replicas: number, annotations: Record<string, string> = {}): string {
  const notes = Object.entries(annotations).map(([k, v]) => `\n    ${k}: "${v}"`).join("");
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${NS}${notes ? `\n  annotations:${notes}` : ""}
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
      - name: main
        image: gcr.io/ib/${name}:1.0
`;
}

function hpa(name: string, target: string, max: number): string {
  return `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: ${name}, namespace: ${NS}}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: ${target}}
  minReplicas: 1
  maxReplicas: ${max}
`;
}

const BASE = [
  deployment("deployment-api-server", 3),
  deployment("deployment-webapp", 1),
  `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: statefulset-redis, namespace: ${NS}}
spec:
  replicas: 2
  serviceName: redis
  selector:
    matchLabels: {app: redis}
  template:
    metadata:
      labels: {app: redis}
    spec:
      containers: [{name: redis, image: redis:7}]
`,
  hpa("webapp-hpa", "deployment-webapp", 4),
].join("---\n");

const WITH_CONTROLLERS = [
  BASE,
  deployment("deployment-model-service", 0, { [`${A}/binary`]: "true", [`${A}/idle-after`]: "2s" }),
  deployment("deployment-notebooks", 2, { [`${A}/scale-down-to-zero-after`]: "3s" }),
].join("---\n");

describe("cluster lifecycle (own server)", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "dm-cluster-"));
  let server: TestServer;
  const replicas = async () => {
    const list = await kubectlJson<{ items: Workload[] }>(dataDir, ["get", "deployments,statefulsets", "-n", NS]);
    return Object.fromEntries(list.items.map((w) => [w.metadata.name, w.spec.replicas]));
  };
  const podCount = async () => (await kubectlJson(dataDir, ["get", "pods", "-n", NS])).items.length;
  const kubectl = (args: string[]) => promisify(execFile)("kubectl", ["--kubeconfig", path.join(dataDir, "sim", "kubeconfig"), "-n", NS, ...args]);

  beforeAll(async () => {
    server = await startServer({ database: "pglite", dataDir });
    const upload = await call(server, "POST", "/base_configs", { form: { release_version: "1.0.0", base_config: BASE } });
    expect(upload.status, upload.text).toBe(200);
    await waitFor(async () => (await podCount()) === 6, 20_000, "six pods");
  });

  afterAll(async () => {
    await server?.destroy();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("hibernate → all pods gone → a push keeps 0 and updates the record → revive restores exactly the record", async () => {
    const before = await replicas();
    expect(before).toEqual({ "deployment-api-server": 3, "deployment-webapp": 1, "statefulset-redis": 2 });

    expect((await call(server, "POST", "/deployment/hibernate")).body).toEqual({ statusCode: 200, data: null, error: null });
    expect((await call(server, "POST", "/deployment/hibernate")).status).toBe(200);
    await waitFor(async () => (await podCount()) === 0, 20_000, "every pod gone");
    expect(Object.values(await replicas())).toEqual([0, 0, 0]);

    // A patch pushed while hibernated: the cluster stays at 0, the record takes the new count.
    const patch = await call(server, "POST", "/patches/apply", { form: { patch: "# target: deployment-api-server\nspec:\n  replicas: 4\n" } });
    expect(patch.status, patch.text).toBe(200);
    expect((await replicas())["deployment-api-server"]).toBe(0);
    const state = (await get(server, "/deployment/hibernation")).body as Envelope<{ hibernated: boolean; workloads: { name: string; replicas: number; hpaMin: number | null }[] }>;
    expect(state.data.hibernated).toBe(true);
    expect(state.data.workloads.find((w) => w.name === "deployment-api-server")?.replicas).toBe(4);
    expect(state.data.workloads.find((w) => w.name === "deployment-webapp")).toMatchObject({ replicas: 1, hpaMin: 1 });
    // Drift while hibernated expects 0 replicas: nothing to report.
    const drift = (await get(server, "/configs/k8s-inconsistencies")).body as { numInconsistencies: number };
    expect(drift.numInconsistencies).toBe(0);

    expect((await call(server, "POST", "/deployment/revive")).body).toEqual({ statusCode: 200, data: null, error: null });
    expect(await replicas()).toEqual({ ...before, "deployment-api-server": 4 });
    await waitFor(async () => (await podCount()) === 7, 20_000, "seven pods back");
    const audit = (await get(server, "/audit")).body as Envelope<{ entries: { action: string; actor: string }[] }>;
    expect(audit.data.entries.map((e) => e.action)).toEqual(expect.arrayContaining(["deployment.hibernate", "deployment.revive"]));
  });

  it("cluster size: preview per workload, then the preset recorded as patches and pushed; unknown size → 400", async () => {
    // The webapp's resources already equal the preset's by value, written differently: no change to preview.
    const sameByValue = "# target: deployment-webapp\nspec:\n  template:\n    spec:\n      containers:\n      - name: main\n        resources:\n          requests: {cpu: '0.5', memory: 1024Mi}\n          limits: {cpu: 2000m, memory: 4096Mi}\n";
    const patched = await call(server, "POST", "/patches/apply", { form: { patch: sameByValue } });
    expect(patched.status, patched.text).toBe(200);
    const preview = (await call(server, "POST", "/resourcing/cluster/large?dry_run=true")).body as Envelope<{
      workloads: { object: string; inStore: boolean; changes: { field: string; from: string | null; to: string }[] }[];
    }>;
    const api = preview.data.workloads.find((w) => w.object === "deployment-api-server")!;
    expect(api.inStore).toBe(true);
    expect(api.changes).toEqual(expect.arrayContaining([{ field: "replicas", from: "4", to: "3" }, { field: "main.requests.cpu", from: null, to: "1" }]));
    expect(preview.data.workloads.find((w) => w.object === "deployment-model-service")?.inStore).toBe(false);
    expect(preview.data.workloads.find((w) => w.object === "deployment-webapp")!.changes.map((c) => c.field)).toEqual(["replicas"]);

    const response = await call(server, "POST", "/resourcing/cluster/large");
    expect(response.body).toEqual({
      statusCode: 200,
      data: { successful_apply: ["deployment-api-server", "deployment-webapp", "statefulset-redis"], failed_to_apply: {} },
      error: null,
    });
    const live = await kubectlJson<Workload>(dataDir, ["get", "deployment", "deployment-api-server", "-n", NS]);
    expect(live.spec.replicas).toBe(3);
    expect(live.spec.template.spec.containers[0]!.resources).toEqual({ requests: { cpu: "1", memory: "2Gi" }, limits: { cpu: "4", memory: "8Gi" } });
    const patches = (await get(server, "/patches/deployment-api-server")).text;
    expect(patches).toContain("Cluster size large");
    expect((await get(server, "/resourcing/cluster")).body).toMatchObject({ data: { current: { size: "large" } } });
    expect((await call(server, "POST", "/resourcing/cluster/medium")).status).toBe(400);

    // The preset is an ordinary patch: removing it brings back the earlier replicas and resources.
    const sizePatch = ((await get(server, "/patches/deployment-api-server")).body as Envelope<{ patches: { version: string; description: string }[] }>).data.patches.find((x) =>
      x.description.startsWith("Cluster size large"),
    )!;
    const removed = await call(server, "DELETE", `/patches/${sizePatch.version}`);
    expect(removed.status, removed.text).toBe(200);
    const restored = await kubectlJson<Workload>(dataDir, ["get", "deployment", "deployment-api-server", "-n", NS]);
    expect(restored.spec.replicas).toBe(4);
    expect(restored.spec.template.spec.containers[0]!.resources ?? {}).toEqual({});
    // One of its patches is gone: the size is no longer what the cluster runs.
    expect((await get(server, "/resourcing/cluster")).body).toMatchObject({ data: { current: null } });
  });

  it("binary-autoscaler and scale-down-to-zero act; paused controllers change nothing; paused survives a restart", async () => {
    const upload = await call(server, "POST", "/base_configs", { form: { release_version: "1.0.1", base_config: WITH_CONTROLLERS } });
    expect(upload.status, upload.text).toBe(200);
    const autoscaled = (await get(server, "/resourcing/autoscaled")).body as Envelope<{ names: string[] }>;
    expect(autoscaled.data.names).toEqual(["deployment-model-service", "deployment-notebooks", "deployment-webapp"]);

    // scale-down-to-zero: idle for 3 s → 0; activity → back to 2.
    await waitFor(async () => (await replicas())["deployment-notebooks"] === 0, 15_000, "notebooks scaled to 0");
    await kubectl(["annotate", "deployment", "deployment-notebooks", `${A}/last-activity=${new Date(Date.now() + 1000).toISOString()}`, "--overwrite"]);
    await waitFor(async () => (await replicas())["deployment-notebooks"] === 2, 15_000, "notebooks woken up");

    // binary-autoscaler: a Job that requires the model service scales it to 1; once the Job is done
    // and the service idle for 2 s → 0. While paused, a long-running pod that requires it changes nothing.
    const requiring = (kind: "Job" | "Pod", name: string) => {
      const file = path.join(dataDir, `${name}.yaml`);
      const pod = `metadata:\n  labels: {${A}/requires: deployment-model-service}\nspec:\n  restartPolicy: Never\n  containers: [{name: main, image: busybox}]\n`;
      fs.writeFileSync(
        file,
        kind === "Job"
          ? `apiVersion: batch/v1\nkind: Job\nmetadata: {name: ${name}, namespace: ${NS}}\nspec:\n  template:\n${pod.replace(/^/gm, "    ")}`
          : `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  namespace: ${NS}\n  labels: {${A}/requires: deployment-model-service}\nspec:\n  containers: [{name: main, image: busybox}]\n`,
      );
      return kubectl(["apply", "-f", file]);
    };
    await requiring("Job", "task-1");
    await waitFor(async () => (await replicas())["deployment-model-service"] === 1, 15_000, "model service scaled to 1");
    await waitFor(async () => (await replicas())["deployment-model-service"] === 0, 25_000, "model service back to 0 after the job");

    // Paused: demand changes nothing, across a restart.
    const paused = await call(server, "POST", "/autoscaling/controllers/pause");
    expect(paused.body).toEqual({ "binary-autoscaler": "paused", "scale-down-to-zero": "paused" });
    await server.stop();
    server = await startServer({ database: "pglite", dataDir, token: server.token });
    expect((await get(server, "/autoscaling/controllers/status")).body).toEqual({ "binary-autoscaler": "paused", "scale-down-to-zero": "paused" });
    await requiring("Pod", "task-2");
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    expect((await replicas())["deployment-model-service"]).toBe(0);

    const resumed = await call(server, "POST", "/autoscaling/controllers/resume", { form: { controller: "binary-autoscaler" } });
    expect(resumed.body).toEqual({ "binary-autoscaler": "running", "scale-down-to-zero": "paused" });
    await waitFor(async () => (await replicas())["deployment-model-service"] === 1, 15_000, "model service scaled to 1 once resumed");
    const audit = (await get(server, "/audit?action=autoscaling.scale")).body as Envelope<{ entries: { actor: string; target: string }[] }>;
    expect(audit.data.entries.map((e) => e.actor)).toEqual(expect.arrayContaining(["controller:binary-autoscaler", "controller:scale-down-to-zero"]));
  });

  it("a cluster change made just before a stop (SIGTERM) is still there after the restart", async () => {
    // The simulator writes its state in batches; a graceful stop writes what is pending.
    const stamp = new Date().toISOString();
    await kubectl(["annotate", "deployment", "deployment-webapp", `example.com/stamp=${stamp}`, "--overwrite"]);
    await server.stop();
    server = await startServer({ database: "pglite", dataDir, token: server.token });
    const live = await kubectlJson<{ metadata: { annotations?: Record<string, string> } }>(dataDir, ["get", "deployment", "deployment-webapp", "-n", NS]);
    expect(live.metadata.annotations?.["example.com/stamp"]).toBe(stamp);
  });
  it("scale-down-to-zero: someone scaling a workload up after the scale-down takes it over (it stays up)", async () => {
    const longAgo = new Date(Date.now() - 2 * 3_600_000).toISOString();
    const idle = deployment("deployment-reports", 2, { [`${A}/scale-down-to-zero-after`]: "1h", [`${A}/last-activity`]: longAgo });
    const upload = await call(server, "POST", "/base_configs", { form: { release_version: "1.0.2", base_config: [WITH_CONTROLLERS, idle].join("---\n") } });
    expect(upload.status, upload.text).toBe(200);
    await call(server, "POST", "/autoscaling/controllers/resume", { form: { controller: "scale-down-to-zero" } });
    await waitFor(async () => (await replicas())["deployment-reports"] === 0, 15_000, "reports scaled to 0 (idle for 2 h)");

    await kubectl(["scale", "deployment", "deployment-reports", "--replicas=2"]);
    const lastRun = async () =>
      ((await get(server, "/autoscaling/controllers")).body as Envelope<{ controllers: { name: string; lastRunAt: string | null }[] }>).data.controllers.find(
        (c) => c.name === "scale-down-to-zero",
      )!.lastRunAt;
    let seen = await lastRun();
    for (let tick = 0; tick < 3; tick++) {
      const previous = seen;
      seen = await waitFor(async () => {
        const at = await lastRun();
        return at !== previous ? at : null;
      }, 20_000, "a scale-down-to-zero tick");
    }
    expect((await replicas())["deployment-reports"]).toBe(2);
  });

  it("a push while hibernated keeps the recorded count of a config without replicas (its HPA's count)", async () => {
    const jobs = deployment("deployment-jobs", 1).replace("  replicas: 1\n", "");
    const upload = await call(server, "POST", "/base_configs", {
      form: { release_version: "1.0.3", base_config: [WITH_CONTROLLERS, jobs, hpa("jobs-hpa", "deployment-jobs", 5)].join("---\n") },
    });
    expect(upload.status, upload.text).toBe(200);
    await kubectl(["scale", "deployment", "deployment-jobs", "--replicas=3"]);
    expect((await replicas())["deployment-jobs"]).toBe(3);

    expect((await call(server, "POST", "/deployment/hibernate")).body).toEqual({ statusCode: 200, data: null, error: null });
    const patch = await call(server, "POST", "/patches/apply", { form: { patch: "# target: deployment-jobs\nmetadata:\n  annotations:\n    touched: 'yes'\n" } });
    expect(patch.status, patch.text).toBe(200);
    expect((await replicas())["deployment-jobs"]).toBe(0);
    expect((await call(server, "POST", "/deployment/revive")).body).toEqual({ statusCode: 200, data: null, error: null });
    expect((await replicas())["deployment-jobs"]).toBe(3);
  });
});
