// The simulator's REST semantics over plain HTTP (fetch), as a Kubernetes API server answers.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from ".";
import { restClient, tempDir, waitFor } from "../testing";

const TOKEN = "rest-test-token-abcdef";
const NS = "rest";
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- assertions read arbitrary API JSON
type Json = Record<string, any>;

describe("simulator REST API", () => {
  const dir = tempDir("dm-sim-rest-");
  let sim: Simulator;

  const call = restClient(() => sim.url, TOKEN);

  const cm = (name: string, data: Record<string, string>, labels: Record<string, string> = {}): Json => ({
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name, ...(Object.keys(labels).length ? { labels } : {}) },
    data,
  });
  const CMS = `/api/v1/namespaces/${NS}/configmaps`;
  const DEPLOYS = `/apis/apps/v1/namespaces/${NS}/deployments`;
  const deployment = (name: string, replicas = 1): Json => ({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [
            { name: "app", image: "app:1", env: [{ name: "A", value: "1" }] },
            { name: "sidecar", image: "proxy:1" },
          ],
        },
      },
    },
  });

  /** GET, change, PUT — again on 409, as clients do while controllers write status concurrently. */
  async function update(path: string, change: (o: Json) => Json): Promise<{ status: number; body: Json }> {
    for (let attempt = 0; ; attempt++) {
      const res = await call("PUT", path, change((await call("GET", path)).body));
      if (res.status !== 409 || attempt === 5) return res;
    }
  }

  beforeAll(async () => {
    sim = await startSimulator({ dataDir: dir.path, token: TOKEN, timing: { podReadyDelayMs: 30 } });
    expect((await call("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: NS } })).status).toBe(201);
  });

  afterAll(async () => {
    await sim.close();
    dir.remove();
  });

  it("requires the bearer token and answers 401 with a Status", async () => {
    const res = await fetch(`${sim.url}/api/v1/namespaces`);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ kind: "Status", status: "Failure", reason: "Unauthorized", code: 401 });
  });

  it("serves version and discovery documents", async () => {
    expect((await call("GET", "/version")).body).toMatchObject({ major: "1", minor: "32" });
    expect((await call("GET", "/api")).body).toMatchObject({ kind: "APIVersions", versions: ["v1"] });
    const groups = (await call("GET", "/apis")).body.groups.map((g: Json) => g.preferredVersion.groupVersion);
    expect(groups).toEqual(
      expect.arrayContaining(["apps/v1", "batch/v1", "networking.k8s.io/v1", "autoscaling/v2", "policy/v1", "rbac.authorization.k8s.io/v1"]),
    );
    const apps = (await call("GET", "/apis/apps/v1")).body;
    expect(apps.resources).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: "deployments", kind: "Deployment", namespaced: true, shortNames: ["deploy"] }),
        expect.objectContaining({ name: "deployments/scale", kind: "Scale", group: "autoscaling", version: "v1" }),
      ]),
    );
    expect((await call("GET", "/apis/apps")).body).toMatchObject({ kind: "APIGroup", name: "apps" });
    expect((await call("GET", "/apis/nope/v1")).status).toBe(404);
    expect((await call("GET", "/apis/autoscaling")).body).toMatchObject({
      versions: [{ groupVersion: "autoscaling/v2" }, { groupVersion: "autoscaling/v1" }],
      preferredVersion: { groupVersion: "autoscaling/v2" },
    });
    expect((await call("GET", "/apis/autoscaling/v1")).body.resources).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: "horizontalpodautoscalers", kind: "HorizontalPodAutoscaler" })]),
    );
  });

  it("converts HPAs between autoscaling/v1 and v2 and refuses a body in another version than the URL's", async () => {
    const HPAS = (v: string): string => `/apis/autoscaling/${v}/namespaces/${NS}/horizontalpodautoscalers`;
    const spec = { scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "x" }, maxReplicas: 3, targetCPUUtilizationPercentage: 80 };
    const wrong = await call("POST", HPAS("v2"), { apiVersion: "autoscaling/v1", kind: "HorizontalPodAutoscaler", metadata: { name: "h" }, spec });
    expect(wrong).toMatchObject({ status: 400, body: { reason: "BadRequest" } });
    expect(wrong.body.message).toContain("does not match the expected API version (autoscaling/v2)");
    expect((await call("GET", `${HPAS("v2")}/h`)).status).toBe(404);
    const created = await call("POST", HPAS("v1"), { apiVersion: "autoscaling/v1", kind: "HorizontalPodAutoscaler", metadata: { name: "h" }, spec });
    expect(created).toMatchObject({ status: 201, body: { apiVersion: "autoscaling/v1", spec } });
    const patched = await call("PATCH", `${HPAS("v1")}/h`, { spec: { targetCPUUtilizationPercentage: 65 } }, "application/merge-patch+json");
    expect(patched.body.spec.targetCPUUtilizationPercentage).toBe(65);
    expect((await call("GET", `${HPAS("v2")}/h`)).body.spec.metrics).toEqual([{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 65 } } }]);
    expect((await call("GET", HPAS("v1"))).body).toMatchObject({ kind: "HorizontalPodAutoscalerList", apiVersion: "autoscaling/v1", items: [{ spec: { targetCPUUtilizationPercentage: 65 } }] });
    expect((await call("DELETE", `${HPAS("v1")}/h`)).body.apiVersion).toBe("autoscaling/v1");
  });

  it("creates objects with uid, creationTimestamp, resourceVersion and generation", async () => {
    const created = await call("POST", CMS, cm("one", { a: "1" }, { team: "x" }));
    expect(created.status).toBe(201);
    expect(created.body.metadata).toMatchObject({ name: "one", namespace: NS });
    expect(created.body.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.body.metadata.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(created.body.metadata.resourceVersion).toMatch(/^\d+$/);
    expect(created.body.metadata.generation).toBeUndefined();
    const d = await call("POST", DEPLOYS, deployment("web"));
    expect(d.body.metadata.generation).toBe(1);
    expect(d.body.status).toBeUndefined();
    const dup = await call("POST", CMS, cm("one", {}));
    expect(dup).toMatchObject({ status: 409, body: { kind: "Status", reason: "AlreadyExists", message: 'configmaps "one" already exists', details: { name: "one", kind: "configmaps" } } });
    const noNs = await call("POST", "/api/v1/namespaces/missing/configmaps", cm("x", {}));
    expect(noNs).toMatchObject({ status: 404, body: { reason: "NotFound", message: 'namespaces "missing" not found' } });
    const invalid = await call("POST", DEPLOYS, { ...deployment("bad"), spec: { ...deployment("bad").spec, selector: { matchLabels: { app: "other" } } } });
    expect(invalid).toMatchObject({ status: 422, body: { reason: "Invalid" } });
    expect(invalid.body.message).toContain('Deployment.apps "bad" is invalid: spec.template.metadata.labels');
    const badName = await call("POST", CMS, cm("Bad_Name", {}));
    expect(badName).toMatchObject({ status: 422, body: { reason: "Invalid" } });
  });

  it("PUT checks resourceVersion (409 Conflict) and bumps generation only on spec changes", async () => {
    const live = (await call("GET", `${DEPLOYS}/web`)).body;
    const stale = { ...live, metadata: { ...live.metadata, resourceVersion: "1" }, spec: { ...live.spec, replicas: 2 } };
    const conflict = await call("PUT", `${DEPLOYS}/web`, stale);
    expect(conflict).toMatchObject({ status: 409, body: { reason: "Conflict", code: 409 } });
    expect(conflict.body.message).toBe(
      'Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again',
    );
    const labelOnly = await update(`${DEPLOYS}/web`, (o) => ({ ...o, metadata: { ...o.metadata, labels: { x: "y" } } }));
    expect(labelOnly.status).toBe(200);
    expect(labelOnly.body.metadata.generation).toBe(1);
    const specChange = await update(`${DEPLOYS}/web`, (o) => ({ ...o, spec: { ...o.spec, replicas: 2 }, status: { replicas: 99 } }));
    expect(specChange.body.metadata.generation).toBe(2);
    expect(specChange.body.status?.replicas).not.toBe(99);
  });

  it("PATCH supports merge, strategic merge (containers by name) and JSON patch", async () => {
    const merge = await call("PATCH", `${CMS}/one`, { data: { b: "2", a: null } }, "application/merge-patch+json");
    expect(merge.body.data).toEqual({ b: "2" });
    const smp = await call(
      "PATCH",
      `${DEPLOYS}/web`,
      { spec: { template: { spec: { containers: [{ name: "app", env: [{ name: "B", value: "2" }] }] } } } },
      "application/strategic-merge-patch+json",
    );
    expect(smp.status).toBe(200);
    const containers = smp.body.spec.template.spec.containers;
    expect(containers.map((c: Json) => c.name)).toEqual(["app", "sidecar"]);
    expect(containers[0].env).toEqual([
      { name: "B", value: "2" },
      { name: "A", value: "1" },
    ]);
    const jp = await call("PATCH", `${CMS}/one`, [{ op: "add", path: "/data/c", value: "3" }], "application/json-patch+json");
    expect(jp.body.data).toEqual({ b: "2", c: "3" });
    const failed = await call("PATCH", `${CMS}/one`, [{ op: "test", path: "/data/c", value: "nope" }], "application/json-patch+json");
    expect(failed).toMatchObject({ status: 422, body: { reason: "Invalid" } });
    const stale = await call("PATCH", `${CMS}/one`, { metadata: { resourceVersion: "1" }, data: { d: "4" } }, "application/merge-patch+json");
    expect(stale).toMatchObject({ status: 409, body: { reason: "Conflict" } });
    expect((await call("PATCH", `${CMS}/one`, { data: {} }, "text/plain")).status).toBe(415);
    expect((await call("PATCH", `${CMS}/nope`, { data: {} }, "application/merge-patch+json")).status).toBe(404);
  });

  it("refuses a repeated (port, protocol) in a Service, and a repeated list-map key in any server-side apply", async () => {
    const SVCS = `/api/v1/namespaces/${NS}/services`;
    const svc = (name: string, ports: Json[]): Json => ({ apiVersion: "v1", kind: "Service", metadata: { name }, spec: { selector: { app: name }, ports } });
    expect((await call("POST", SVCS, svc("dns", [{ name: "udp", port: 53, protocol: "UDP" }, { name: "tcp", port: 53 }]))).status).toBe(201);
    const twice = await call("POST", SVCS, svc("dns-twice", [{ name: "a", port: 53 }, { name: "b", port: 53, protocol: "TCP" }]));
    expect(twice).toMatchObject({ status: 422, body: { reason: "Invalid", details: { causes: [{ type: "FieldValueDuplicate", field: "spec.ports[1]" }] } } });
    expect(twice.body.message).toBe('Service "dns-twice" is invalid: spec.ports[1]: Duplicate value: [port=53,protocol="TCP"]');
    expect((await call("GET", `${SVCS}/dns-twice`)).status).toBe(404);

    // Container ports may repeat in a create or update (a real server only warns), not in an apply.
    const withPorts = (name: string): Json => {
      const d = deployment(name);
      d.spec.template.spec.containers[0].ports = [{ containerPort: 53 }, { containerPort: 53, protocol: "TCP" }];
      return d;
    };
    expect((await call("POST", DEPLOYS, withPorts("ports-post"))).status).toBe(201);
    const applied = await call("PATCH", `${DEPLOYS}/ports-apply?fieldManager=m`, withPorts("ports-apply"), "application/apply-patch+yaml");
    expect(applied).toMatchObject({ status: 422, body: { reason: "Invalid" } });
    expect(applied.body.message).toContain('spec.template.spec.containers[0].ports[1]: Duplicate value: [containerPort=53,protocol="TCP"]');
    expect((await call("GET", `${DEPLOYS}/ports-apply`)).status).toBe(404);
  });

  it("server-side apply tracks managers, prunes what a manager stops applying, and reports conflicts", async () => {
    const apply = (manager: string, body: Json, force = false) =>
      call("PATCH", `${CMS}/ssa?fieldManager=${manager}${force ? "&force=true" : ""}`, body, "application/apply-patch+yaml");
    const created = await apply("alice", cm("ssa", { a: "1", b: "2" }, { owner: "alice" }));
    expect(created.status).toBe(201);
    expect(created.body.metadata.managedFields).toEqual([
      expect.objectContaining({ manager: "alice", operation: "Apply", fieldsType: "FieldsV1", fieldsV1: { "f:data": { "f:a": {}, "f:b": {} }, "f:metadata": { "f:labels": { "f:owner": {} } } } }),
    ]);
    await call("PATCH", `${CMS}/ssa?fieldManager=bob`, { data: { c: "3" } }, "application/merge-patch+json");
    const pruned = await apply("alice", cm("ssa", { a: "1" }));
    expect(pruned.body.data).toEqual({ a: "1", c: "3" });
    expect(pruned.body.metadata.labels).toBeUndefined();
    const conflict = await apply("carol", cm("ssa", { a: "changed" }));
    expect(conflict).toMatchObject({ status: 409, body: { reason: "Conflict" } });
    expect(conflict.body.message).toBe('Apply failed with 1 conflict: conflict with "alice" using v1: .data.a');
    expect(conflict.body.details.causes).toEqual([expect.objectContaining({ type: "FieldManagerConflict", field: ".data.a" })]);
    const shared = await apply("carol", cm("ssa", { a: "1" }));
    expect(shared.status).toBe(200);
    const forced = await apply("carol", cm("ssa", { a: "carol" }), true);
    expect(forced.body.data.a).toBe("carol");
    const owners = Object.fromEntries(forced.body.metadata.managedFields.map((m: Json) => [`${m.manager}/${m.operation}`, m.fieldsV1]));
    expect(owners["alice/Apply"]).toBeUndefined();
    expect(owners["carol/Apply"]).toEqual({ "f:data": { "f:a": {} } });
    expect(owners["bob/Update"]).toEqual({ "f:data": { "f:c": {} } });
    const noManager = await call("PATCH", `${CMS}/ssa`, cm("ssa", {}), "application/apply-patch+yaml");
    expect(noManager.status).toBe(400);
    const yaml = await call("PATCH", `${CMS}/yaml?fieldManager=alice`, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: yaml\ndata:\n  k: v\n", "application/apply-patch+yaml");
    expect(yaml).toMatchObject({ status: 201, body: { data: { k: "v" } } });
  });

  it("lists with label and field selectors, in a namespace and across namespaces", async () => {
    await call("POST", CMS, cm("sel-a", {}, { tier: "web", env: "prod" }));
    await call("POST", CMS, cm("sel-b", {}, { tier: "db", env: "prod" }));
    const names = async (q: string, base = CMS) => (await call("GET", `${base}?${q}`)).body.items.map((i: Json) => i.metadata.name);
    expect(await names("labelSelector=env%3Dprod")).toEqual(["sel-a", "sel-b"]);
    expect(await names("labelSelector=" + encodeURIComponent("tier in (web),env"))).toEqual(["sel-a"]);
    expect(await names("labelSelector=" + encodeURIComponent("tier!=web,env=prod"))).toEqual(["sel-b"]);
    expect(await names("labelSelector=" + encodeURIComponent("!tier"))).not.toContain("sel-a");
    expect(await names("fieldSelector=metadata.name%3Dsel-b")).toEqual(["sel-b"]);
    expect(await names("fieldSelector=metadata.name%3Dsel-b", "/api/v1/configmaps")).toEqual(["sel-b"]);
    const list = (await call("GET", CMS)).body;
    expect(list).toMatchObject({ kind: "ConfigMapList", apiVersion: "v1", metadata: { resourceVersion: expect.any(String) } });
    expect((await call("GET", `${CMS}?labelSelector=${encodeURIComponent("a in (b")}`)).status).toBe(400);
  });

  it("serves Table responses for kubectl-style Accept headers", async () => {
    const res = await call("GET", CMS, undefined, undefined, { Accept: "application/json;as=Table;v=v1;g=meta.k8s.io,application/json" });
    expect(res.body).toMatchObject({ kind: "Table", apiVersion: "meta.k8s.io/v1" });
    expect(res.body.columnDefinitions.map((c: Json) => c.name)).toEqual(["Name", "Data", "Age"]);
    expect(res.body.rows[0].object).toMatchObject({ kind: "PartialObjectMetadata" });
  });

  it("scale subresource: GET, PUT with resourceVersion, PATCH", async () => {
    const scale = (await call("GET", `${DEPLOYS}/web/scale`)).body;
    expect(scale).toMatchObject({ kind: "Scale", apiVersion: "autoscaling/v1", spec: { replicas: 2 }, status: { selector: "app=web" } });
    const stale = await call("PUT", `${DEPLOYS}/web/scale`, { ...scale, metadata: { ...scale.metadata, resourceVersion: "1" }, spec: { replicas: 3 } });
    expect(stale.status).toBe(409);
    const put = await update(`${DEPLOYS}/web/scale`, (o) => ({ ...o, spec: { replicas: 3 } }));
    expect(put.body.spec.replicas).toBe(3);
    const patched = await call("PATCH", `${DEPLOYS}/web/scale`, { spec: { replicas: 0 } }, "application/merge-patch+json");
    expect(patched.body.spec.replicas).toBe(0);
    expect((await call("GET", `${DEPLOYS}/web`)).body.spec.replicas).toBe(0);
    expect((await call("GET", `${CMS}/one/scale`)).status).toBe(404);
  });

  it("dryRun=All validates without persisting", async () => {
    const dry = await call("POST", `${CMS}?dryRun=All`, cm("dry", { a: "1" }));
    expect(dry.status).toBe(201);
    expect((await call("GET", `${CMS}/dry`)).status).toBe(404);
  });

  it("streams watch events", async () => {
    const rv = (await call("GET", CMS)).body.metadata.resourceVersion as string;
    const controller = new AbortController();
    const res = await fetch(`${sim.url}${CMS}?watch=1&resourceVersion=${rv}`, { headers: { Authorization: `Bearer ${TOKEN}` }, signal: controller.signal });
    const reader = res.body?.getReader();
    if (!reader) throw new Error("no body");
    await call("POST", CMS, cm("watched", { a: "1" }));
    let text = "";
    while (!text.includes("\n")) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    const event = JSON.parse(text.split("\n")[0] ?? "{}") as Json;
    expect(event).toMatchObject({ type: "ADDED", object: { kind: "ConfigMap", metadata: { name: "watched" } } });
    const replayed = await fetch(`${sim.url}${CMS}?watch=1&resourceVersion=${rv}&timeoutSeconds=1`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    const lines = (await replayed.text()).split("\n").filter(Boolean).map((l) => JSON.parse(l) as Json);
    expect(lines.map((l) => `${l.type} ${l.object.metadata.name}`)).toEqual(["ADDED watched"]);
  });

  it("DELETE returns the object, then 404; deletecollection honours the label selector", async () => {
    const del = await call("DELETE", `${CMS}/one`);
    expect(del).toMatchObject({ status: 200, body: { kind: "ConfigMap", metadata: { name: "one" } } });
    expect((await call("DELETE", `${CMS}/one`)).body).toMatchObject({ reason: "NotFound", code: 404 });
    await call("DELETE", `${CMS}?labelSelector=env%3Dprod`);
    const left = (await call("GET", CMS)).body.items.map((i: Json) => i.metadata.name);
    expect(left).not.toContain("sel-a");
    expect(left).toContain("ssa");
  });

  it("deleting a namespace deletes what is in it; state is persisted as JSON", async () => {
    await call("POST", "/api/v1/namespaces", { metadata: { name: "doomed" } });
    await call("POST", "/api/v1/namespaces/doomed/configmaps", cm("x", {}));
    const terminating = await call("DELETE", "/api/v1/namespaces/doomed");
    expect(terminating.body).toMatchObject({ kind: "Namespace", status: { phase: "Terminating" } });
    expect(terminating.body.metadata.deletionTimestamp).toBeDefined();
    const refused = await call("POST", "/api/v1/namespaces/doomed/configmaps", cm("y", {}));
    expect(refused).toMatchObject({ status: 403, body: { reason: "Forbidden" } });
    await waitFor("namespace removed", async () => (await call("GET", "/api/v1/namespaces/doomed")).status === 404);
    expect((await call("GET", "/api/v1/namespaces/doomed/configmaps")).body.items).toEqual([]);
    await sim.close();
    const state = JSON.parse(readFileSync(join(dir.path, "sim", "state.json"), "utf8")) as Json;
    expect(Object.keys(state.objects)).toContain(`/configmaps/${NS}/ssa`);
    sim = await startSimulator({ dataDir: dir.path, token: TOKEN, timing: { podReadyDelayMs: 30 } });
    expect((await call("GET", `${CMS}/ssa`)).body.data).toEqual({ a: "carol", c: "3" });
    expect((await call("GET", `${CMS}?watch=1&resourceVersion=1`)).body).toMatchObject({ reason: "Expired", code: 410 });
    await waitFor("namespaces after restart", async () => (await call("GET", "/api/v1/namespaces/default")).status === 200);
  });
});
