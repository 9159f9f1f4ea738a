import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { kubectlJson, waitFor } from "../support/cluster";
import { call, get } from "../support/http";

// Cluster operations on the shared servers (PGlite and PostgreSQL, each with its simulated
// cluster): push, drift made behind our back with kubectl and healed by deployment/update,
// quarantine, pod and job deletion, autoscaled, logs, audit. Hibernation, sizes and the
// controllers change the whole cluster: they run on a server of their own (cluster-lifecycle).

type Envelope<T> = { statusCode: number; data: T; error: string | null };
type Drift = {
  numInconsistencies: number;
  inconsistentResources: Record<string, { diffRows: { key: string; expected: string; got: string }[] }>;
  consistentResources: string[];
  skippedResources: Record<string, { code: number; reason: string }>;
};
type Pod = { metadata: { name: string; labels?: Record<string, string>; ownerReferences?: unknown[] }; status?: { conditions?: { type: string; status: string }[] } };

const NS = "instabase";
const run = promisify(execFile);

function kubectl(dataDir: string, args: string[]) {
  return run("kubectl", ["--kubeconfig", path.join(dataDir, "sim", "kubeconfig"), "-n", NS, ...args]);
}

const isReady = (p: Pod) => (p.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True");

function configs(p: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${p}-web
  namespace: ${NS}
spec:
  replicas: 2
  selector:
    matchLabels: {app: ${p}-web}
  template:
    metadata:
      labels: {app: ${p}-web}
    spec:
      containers:
      - name: main
        image: gcr.io/ib/web:1.0
        resources:
          requests: {cpu: 250m, memory: 256Mi}
---
apiVersion: v1
kind: Service
metadata:
  name: ${p}-svc
  namespace: ${NS}
spec:
  selector: {app: ${p}-web}
  ports:
  - port: 80
    targetPort: 8080
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: ${p}-cm
  namespace: ${NS}
data:
  LOG_LEVEL: INFO
---
apiVersion: v1
kind: Secret
metadata:
  name: ${p}-secret
  namespace: ${NS}
stringData:
  password: hunter2
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${p}-worker
  namespace: ${NS}
spec:
  replicas: 1
  selector:
    matchLabels: {app: ${p}-worker}
  template:
    metadata:
      labels: {app: ${p}-worker}
    spec:
      containers:
      - name: main
        image: gcr.io/ib/worker:1.0
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: ${p}-worker-hpa
  namespace: ${NS}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: ${p}-worker}
  minReplicas: 1
  maxReplicas: 3
`;
}

describe.each(inject("servers"))("cluster operations on $name", (server) => {
  const p = `cl-${randomBytes(3).toString("hex")}`;
  const objects = ["web", "svc", "cm", "secret", "worker", "worker-hpa"].map((s) => `${p}-${s}`);
  const webPods = async () => (await kubectlJson<{ items: Pod[] }>(server.dataDir, ["get", "pods", "-n", NS, "-l", `app=${p}-web`])).items;

  beforeAll(async () => {
    const upload = await call(server, "POST", "/base_configs", { form: { release_version: `0.1.${Date.now() % 1_000_000}`, base_config: configs(p) } });
    expect(upload.status, upload.text).toBe(200);
    await waitFor(async () => (await webPods()).filter(isReady).length === 2, 20_000, "two ready web pods");
  });

  it("POST deployment/update applies every object: successful_apply and failed_to_apply (a map)", async () => {
    const response = await call(server, "POST", "/deployment/update");
    expect(response.status).toBe(200);
    const body = response.body as Envelope<{ successful_apply: string[]; failed_to_apply: Record<string, string> }>;
    expect(body.statusCode).toBe(200);
    expect(body.error).toBeNull();
    expect(body.data.successful_apply).toEqual(expect.arrayContaining(objects));
    expect(body.data.failed_to_apply).toEqual({});
  });

  it("POST deployment/update/:object applies one object; an unknown one is 404", async () => {
    const one = await call(server, "POST", `/deployment/update/${p}-cm`);
    expect(one.body).toEqual({ statusCode: 200, data: { successful_apply: [`${p}-cm`], failed_to_apply: {} }, error: null });
    const unknown = await call(server, "POST", `/deployment/update/${p}-nothing`);
    expect(unknown.status).toBe(404);
  });

  it("drift made behind our back (kubectl scale / patch) shows as rows, redacted for Secrets, and deployment/update heals it", async () => {
    const before = (await get(server, "/configs/k8s-inconsistencies")).body as Drift;
    for (const name of objects) expect(before.consistentResources).toContain(name);

    await kubectl(server.dataDir, ["scale", "deployment", `${p}-web`, "--replicas=4"]);
    await kubectl(server.dataDir, ["set", "image", `deployment/${p}-web`, "main=gcr.io/ib/web:hotfix"]);
    await kubectl(server.dataDir, ["patch", "configmap", `${p}-cm`, "--type=merge", "-p", '{"data":{"LOG_LEVEL":"DEBUG"}}']);
    await kubectl(server.dataDir, ["patch", "secret", `${p}-secret`, "--type=merge", "-p", `{"data":{"password":"${Buffer.from("changed").toString("base64")}"}}`]);

    const response = await call(server, "POST", "/configs/k8s-inconsistencies");
    expect(response.status).toBe(200);
    const drift = response.body as Drift;
    expect(drift.inconsistentResources[`${p}-web`]!.diffRows).toEqual([
      { key: "spec.replicas", expected: "2", got: "4" },
      { key: "spec.template.spec.containers.0.image", expected: "gcr.io/ib/web:1.0", got: "gcr.io/ib/web:hotfix" },
    ]);
    expect(drift.inconsistentResources[`${p}-cm`]!.diffRows).toEqual([{ key: "data.LOG_LEVEL", expected: "INFO", got: "DEBUG" }]);
    const secretRows = drift.inconsistentResources[`${p}-secret`]!.diffRows;
    expect(secretRows).toHaveLength(1);
    expect(secretRows[0]).toMatchObject({ key: "data.password", expected: expect.stringMatching(/^<redacted len=\d+ sha256=/), got: expect.stringMatching(/^<redacted /) });
    expect(JSON.stringify(drift)).not.toContain(Buffer.from("changed").toString("base64"));
    expect(drift.numInconsistencies).toBeGreaterThanOrEqual(3);
    // The worker's replicas belong to its HPA; the Service's defaults (clusterIP, ...) are not drift.
    expect(drift.consistentResources).toEqual(expect.arrayContaining([`${p}-worker`, `${p}-svc`]));

    const patch = (await get(server, `/configs/k8s-inconsistencies/${p}-web`)).body as Envelope<{ patch: string }>;
    expect(patch.data.patch).toContain(`# target: ${p}-web`);
    expect(patch.data.patch).toMatch(/replicas: 4/);
    expect(patch.data.patch).toContain("gcr.io/ib/web:hotfix");

    const heal = await call(server, "POST", "/deployment/update");
    expect((heal.body as Envelope<{ failed_to_apply: object }>).data.failed_to_apply).toEqual({});
    const after = (await get(server, "/configs/k8s-inconsistencies")).body as Drift;
    for (const name of objects) expect(after.consistentResources).toContain(name);
  });

  it("keeping live values as a patch leaves out the replicas an HPA in another config owns; applying it clears the drift", async () => {
    await kubectl(server.dataDir, ["scale", "deployment", `${p}-worker`, "--replicas=3"]);
    await kubectl(server.dataDir, ["set", "image", `deployment/${p}-worker`, "main=gcr.io/ib/worker:hotfix"]);
    const proposal = ((await get(server, `/configs/k8s-inconsistencies/${p}-worker`)).body as Envelope<{ patch: string }>).data.patch;
    expect(proposal).toContain("gcr.io/ib/worker:hotfix");
    expect(proposal).not.toMatch(/replicas/);

    const applied = await call(server, "POST", "/patches/apply", { form: { patch: proposal } });
    expect(applied.status, applied.text).toBe(200);
    const drift = (await get(server, "/configs/k8s-inconsistencies")).body as Drift;
    expect(drift.consistentResources).toContain(`${p}-worker`);
    expect(String(((await get(server, `/configs/${p}-worker`)).body as { config: string }).config)).toContain("gcr.io/ib/worker:hotfix");
  });

  it("quarantine takes a pod out of its Service and owner, labels it, and a replacement runs", async () => {
    const pods = await waitFor(async () => {
      const ready = (await webPods()).filter(isReady);
      return ready.length === 2 ? ready : null;
    }, 20_000, "two ready web pods");
    const victim = pods[0]!.metadata.name;
    const response = await call(server, "POST", "/kube/pod/quarantine", { form: { pod: victim } });
    expect(response.body).toEqual({ statusCode: 200, data: null, error: null });

    const pod = await kubectlJson<Pod>(server.dataDir, ["get", "pod", victim, "-n", NS]);
    expect(pod.metadata.labels).toMatchObject({ "deployment-manager.io/quarantined": "true" });
    expect(pod.metadata.labels?.app).toBeUndefined();
    expect(pod.metadata.ownerReferences ?? []).toEqual([]);
    await waitFor(async () => (await webPods()).filter(isReady).length === 2, 20_000, "a ready replacement");
    expect((await webPods()).map((p) => p.metadata.name)).not.toContain(victim);
    const endpoints = await waitFor(async () => {
      const ep = await kubectlJson<{ subsets?: { addresses?: { targetRef?: { name: string } }[] }[] }>(server.dataDir, ["get", "endpoints", `${p}-svc`, "-n", NS]);
      const names = (ep.subsets ?? []).flatMap((s) => s.addresses ?? []).map((a) => a.targetRef?.name);
      return names.length === 2 ? names : null;
    }, 20_000, "endpoints of the two serving pods");
    expect(endpoints).not.toContain(victim);

    const logs = (await get(server, `/kube/pod/logs?pod=${victim}`)).body as Envelope<{ logs: string }>;
    expect(typeof logs.data.logs).toBe("string");

    const view = (await get(server, "/kube/workloads")).body as Envelope<{ workloads: { name: string; desired: number; pods: unknown[] }[]; otherPods: { name: string; quarantined: boolean }[] }>;
    expect(view.data.workloads.find((w) => w.name === `${p}-web`)).toMatchObject({ desired: 2 });
    expect(view.data.otherPods.find((o) => o.name === victim)).toMatchObject({ quarantined: true });

    // Inspection done: delete the quarantined pod.
    const deleted = await call(server, "POST", "/kube/pod/delete", { form: { pod: victim } });
    expect(deleted.body).toEqual({ statusCode: 200, data: null, error: null });
    await waitFor(async () => !(await webPods()).some((x) => x.metadata.name === victim) && !(await kubectl(server.dataDir, ["get", "pods", "-o", "name"])).stdout.includes(victim), 20_000, "the pod gone");
    expect((await call(server, "POST", "/kube/pod/delete", { form: { pod: victim } })).status).toBe(404);
    expect((await call(server, "POST", "/kube/pod/quarantine", { form: {} })).status).toBe(400);
  });

  it("DELETE kube/job/JOB_NAME deletes a Job and its pods; an unknown Job is 404", async () => {
    const file = path.join(os.tmpdir(), `${p}-job.yaml`);
    fs.writeFileSync(
      file,
      `apiVersion: batch/v1\nkind: Job\nmetadata: {name: ${p}-job, namespace: ${NS}}\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: main, image: busybox}]\n`,
    );
    await kubectl(server.dataDir, ["apply", "-f", file]);
    fs.rmSync(file);
    const jobPods = async () => (await kubectlJson<{ items: Pod[] }>(server.dataDir, ["get", "pods", "-n", NS])).items.filter((x) => x.metadata.name.startsWith(`${p}-job-`));
    await waitFor(async () => (await jobPods()).length > 0, 20_000, "the job's pod");
    const response = await call(server, "DELETE", `/kube/job/${p}-job`);
    expect(response.body).toEqual({ statusCode: 200, data: null, error: null });
    await waitFor(async () => (await kubectlJson(server.dataDir, ["get", "jobs", "-n", NS])).items.every((j) => (j.metadata as { name: string }).name !== `${p}-job`), 10_000, "job gone");
    await waitFor(async () => (await jobPods()).length === 0, 20_000, "the job's pods gone");
    expect((await call(server, "DELETE", `/kube/job/${p}-job`)).status).toBe(404);
  });

  it("GET resourcing/autoscaled lists the HPA's target", async () => {
    const response = await get(server, "/resourcing/autoscaled");
    const body = response.body as Envelope<{ names: string[] }>;
    expect(body.statusCode).toBe(200);
    expect(body.data.names).toContain(`${p}-worker`);
    expect(body.data.names).not.toContain(`${p}-web`);
  });

  it("GET autoscaling/controllers/status names both controllers; unknown sizes and controllers are 400", async () => {
    const status = await get(server, "/autoscaling/controllers/status");
    expect(Object.keys(status.body as object).sort()).toEqual(["binary-autoscaler", "scale-down-to-zero"]);
    expect((await call(server, "POST", "/resourcing/cluster/huge")).status).toBe(400);
    expect((await call(server, "POST", "/autoscaling/controllers/pause", { json: { controller: "nope" } })).status).toBe(400);
  });

  it("GET audit shows who quarantined and deleted what, newest first", async () => {
    const response = await get(server, "/audit?limit=50");
    const body = response.body as Envelope<{ entries: { action: string; actor: string; target: string; at: string }[]; total: number }>;
    expect(body.statusCode).toBe(200);
    const mine = body.data.entries.filter((e) => e.target.includes(p));
    expect(mine.map((e) => e.action)).toEqual(expect.arrayContaining(["kube.pod.quarantine", "kube.pod.delete", "kube.job.delete", "deployment.update"]));
    expect(mine.every((e) => e.actor.length > 0 && !Number.isNaN(Date.parse(e.at)))).toBe(true);
    expect((await get(server, "/audit?limit=0")).status).toBe(400);
  });
});
