// CustomResourceDefinitions and custom resources over plain HTTP, as a 1.32 API server answers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from ".";
import { restClient, tempDir, testdata } from "../testing";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- assertions read arbitrary API JSON
type Json = Record<string, any>;

const CRDS = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
const PROMS = "/apis/monitoring.coreos.com/v1/namespaces/monitoring/prometheuses";
const ISSUERS = (v = "v1") => `/apis/pki.example.org/${v}/clusterissuers`;

describe("simulator CustomResourceDefinitions", () => {
  const dir = tempDir("dm-sim-crd-");
  let sim: Simulator;

  const call = restClient(() => sim.url);
  const prometheus = (name: string, spec: Json = {}): Json => {
    const cr = testdata("cr-prometheus.yaml");
    return { ...cr, metadata: { ...cr.metadata, name }, spec: { ...cr.spec, ...spec } };
  };
  const causes = (res: { body: Json }): string[] => (res.body.details?.causes ?? []).map((c: Json) => `${c.field}: ${c.message}`);

  beforeAll(async () => {
    sim = await startSimulator({ dataDir: dir.path, timing: { podReadyDelayMs: 30 } });
    expect((await call("POST", CRDS, testdata("crd-prometheus.yaml"))).status).toBe(201);
  });

  afterAll(async () => {
    await sim.close();
    dir.remove();
  });

  it("a created CRD is Established, with accepted names and stored versions", async () => {
    const crd = (await call("GET", `${CRDS}/prometheuses.monitoring.coreos.com`)).body;
    expect(crd.spec.conversion).toEqual({ strategy: "None" });
    expect(crd.status.acceptedNames).toMatchObject({ kind: "Prometheus", plural: "prometheuses", singular: "prometheus", listKind: "PrometheusList", shortNames: ["prom"] });
    expect(crd.status.conditions.map((c: Json) => `${c.type}=${c.status} ${c.reason}`)).toEqual(["NamesAccepted=True NoConflicts", "Established=True InitialNamesAccepted"]);
    expect(crd.status.storedVersions).toEqual(["v1"]);
    expect(crd.metadata.generation).toBe(1);
  });

  it("adds its group, version and kind to discovery and the OpenAPI v3 documents", async () => {
    const groups = (await call("GET", "/apis")).body.groups;
    expect(groups).toContainEqual({ name: "monitoring.coreos.com", versions: [{ groupVersion: "monitoring.coreos.com/v1", version: "v1" }], preferredVersion: { groupVersion: "monitoring.coreos.com/v1", version: "v1" } });
    expect((await call("GET", "/apis/monitoring.coreos.com")).body).toMatchObject({ kind: "APIGroup", name: "monitoring.coreos.com" });
    const resources = (await call("GET", "/apis/monitoring.coreos.com/v1")).body.resources;
    expect(resources).toEqual([
      expect.objectContaining({ name: "prometheuses", singularName: "prometheus", namespaced: true, kind: "Prometheus", shortNames: ["prom"], categories: ["prometheus-operator"] }),
      expect.objectContaining({ name: "prometheuses/status", kind: "Prometheus" }),
      expect.objectContaining({ name: "prometheuses/scale", kind: "Scale", group: "autoscaling", version: "v1" }),
    ]);
    const index = (await call("GET", "/openapi/v3")).body.paths;
    const url = index["apis/monitoring.coreos.com/v1"].serverRelativeURL as string;
    const doc = (await call("GET", url)).body;
    const schema = doc.components.schemas["com.coreos.monitoring.v1.Prometheus"];
    expect(schema["x-kubernetes-group-version-kind"]).toEqual([{ group: "monitoring.coreos.com", version: "v1", kind: "Prometheus" }]);
    expect(schema.properties.metadata).toEqual({ allOf: [{ $ref: "#/components/schemas/V1ObjectMeta" }], description: expect.any(String) });
    expect(schema.properties.spec.properties.replicas).toMatchObject({ type: "integer", default: 1 });
    expect(doc.components.schemas.V1ObjectMeta).toBeDefined();
    const patch = doc.paths["/apis/monitoring.coreos.com/v1/namespaces/{namespace}/prometheuses/{name}"].patch;
    expect(Object.keys(patch.requestBody.content)).not.toContain("application/strategic-merge-patch+json");
    expect(patch.parameters.map((p: Json) => p.name)).toContain("fieldValidation");
  });

  it("refuses invalid CRDs with the real server's causes", async () => {
    const crd = testdata("crd-clusterissuer.yaml");
    const bad = { ...crd, metadata: { name: "issuers.pki.example.org" }, spec: { ...crd.spec, scope: "Global", versions: [{ name: "v1", served: true, storage: false }] } };
    const res = await call("POST", CRDS, bad);
    expect(res).toMatchObject({ status: 422, body: { reason: "Invalid" } });
    expect(causes(res)).toEqual([
      'metadata.name: Invalid value: "issuers.pki.example.org": must be spec.names.plural+"."+spec.group',
      'spec.scope: Unsupported value: "Global": supported values: "Cluster", "Namespaced"',
      'spec.versions: Invalid value: [{"name":"v1","storage":false}]: must have exactly one version marked as storage version',
      "spec.versions[0].schema.openAPIV3Schema: Required value: schemas are required",
    ]);
    const untyped = { ...crd, spec: { ...crd.spec, versions: [{ name: "v1", served: true, storage: true, schema: { openAPIV3Schema: { type: "object", properties: { spec: {} } } } }] } };
    expect(causes(await call("POST", CRDS, untyped))).toEqual(["spec.versions[0].schema.openAPIV3Schema.properties[spec].type: Required value: must not be empty for specified object fields"]);
    const k8sGroup = { ...crd, metadata: { name: "clusterissuers.pki.k8s.io" }, spec: { ...crd.spec, group: "pki.k8s.io" } };
    expect(causes(await call("POST", CRDS, k8sGroup))[0]).toContain('protected groups must have approval annotation "api-approved.kubernetes.io"');
  });

  it("a CRD whose names clash with an older one of its group is not Established and serves nothing", async () => {
    const crd = testdata("crd-prometheus.yaml");
    const clash = { ...crd, metadata: { name: "prometheusagents.monitoring.coreos.com" }, spec: { ...crd.spec, names: { kind: "PrometheusAgent", plural: "prometheusagents", shortNames: ["prom"] } } };
    const created = await call("POST", CRDS, clash);
    expect(created.status).toBe(201);
    expect(created.body.status.conditions).toEqual([
      expect.objectContaining({ type: "NamesAccepted", status: "False", reason: "ShortNamesConflict", message: '"prom" is already in use' }),
      expect.objectContaining({ type: "Established", status: "False", reason: "NotAccepted" }),
    ]);
    expect((await call("GET", "/apis/monitoring.coreos.com/v1")).body.resources.map((r: Json) => r.name)).not.toContain("prometheusagents");
    expect((await call("GET", "/apis/monitoring.coreos.com/v1/namespaces/default/prometheusagents")).status).toBe(404);
    expect((await call("DELETE", `${CRDS}/prometheusagents.monitoring.coreos.com`)).status).toBe(200);
  });

  it("custom resources: create with defaults and pruning, 404 without the namespace, 400 for unknown fields when Strict", async () => {
    expect((await call("POST", PROMS, prometheus("k8s")))).toMatchObject({ status: 404, body: { message: 'namespaces "monitoring" not found' } });
    await call("POST", "/api/v1/namespaces", { metadata: { name: "monitoring" } });
    const created = await call("POST", PROMS, prometheus("k8s", { bogus: true }));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ apiVersion: "monitoring.coreos.com/v1", kind: "Prometheus", metadata: { name: "k8s", namespace: "monitoring", generation: 1 } });
    expect(created.body.spec).toMatchObject({ replicas: 2, logLevel: "info", containers: [{ name: "config-reloader", resources: { limits: { cpu: "10m" } } }] });
    expect(created.body.spec.storage.volumeClaimTemplate.spec.resources.requests.storage).toBe("40Gi");
    expect(created.body.spec.bogus).toBeUndefined();
    const strict = await call("POST", `${PROMS}?fieldValidation=Strict`, prometheus("strict", { bogus: true, alerting: { alertmanagers: [{ namespace: "m", name: "a", x: 1 }] } }));
    expect(strict).toMatchObject({ status: 400, body: { reason: "BadRequest" } });
    expect(strict.body.message).toBe('Prometheus in version "v1" cannot be handled as a Prometheus: strict decoding error: unknown field "spec.alerting.alertmanagers[0].x", unknown field "spec.bogus"');
    expect((await call("POST", PROMS, prometheus("k8s"))).body).toMatchObject({ reason: "AlreadyExists", message: 'prometheuses.monitoring.coreos.com "k8s" already exists' });
  });

  it("validates against the schema with field paths (422), and names as DNS subdomains", async () => {
    const res = await call("POST", PROMS, prometheus("bad", { replicas: "two", logLevel: "trace", alerting: { alertmanagers: [{ name: "am" }] } }));
    expect(res).toMatchObject({ status: 422, body: { reason: "Invalid", details: { name: "bad", group: "monitoring.coreos.com", kind: "Prometheus" } } });
    expect(causes(res)).toEqual([
      'spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"',
      "spec.alerting.alertmanagers[0].namespace: Required value",
      'spec.logLevel: Unsupported value: "trace": supported values: "debug", "info", "warn", "error"',
    ]);
    expect(res.body.message).toMatch(/^Prometheus\.monitoring\.coreos\.com "bad" is invalid: \[spec\.replicas: /);
    const noSpec = await call("POST", PROMS, { apiVersion: "monitoring.coreos.com/v1", kind: "Prometheus", metadata: { name: "nospec" } });
    expect(causes(noSpec)).toEqual(["spec: Required value"]);
    expect(causes(await call("POST", PROMS, prometheus("system:prom")))[0]).toContain("a lowercase RFC 1123 subdomain");
  });

  it("lists with label selectors and field selectors (metadata.name, metadata.namespace, selectable fields)", async () => {
    await call("POST", PROMS, prometheus("other", { version: "v3.0.0" }));
    const names = async (q: string, base = PROMS) => {
      const res = await call("GET", `${base}?${q}`);
      return res.status === 200 ? res.body.items.map((i: Json) => i.metadata.name) : res.body.message;
    };
    expect((await call("GET", PROMS)).body).toMatchObject({ kind: "PrometheusList", apiVersion: "monitoring.coreos.com/v1" });
    expect(await names("labelSelector=app.kubernetes.io%2Fname%3Dprometheus")).toEqual(["k8s", "other"]);
    expect(await names("fieldSelector=metadata.name%3Dother")).toEqual(["other"]);
    expect(await names("fieldSelector=metadata.namespace%3Dmonitoring", "/apis/monitoring.coreos.com/v1/prometheuses")).toEqual(["k8s", "other"]);
    expect(await names("fieldSelector=spec.version%3Dv3.0.0")).toEqual(["other"]);
    expect(await names("fieldSelector=spec.image%3Dx")).toBe("field label not supported: spec.image");
  });

  it("status subresource: the main endpoint ignores status, /status ignores the rest; generation follows spec", async () => {
    const live = (await call("GET", `${PROMS}/k8s`)).body;
    const put = await call("PUT", `${PROMS}/k8s`, { ...live, spec: { ...live.spec, replicas: 3 }, status: { replicas: 9 } });
    expect(put.body).toMatchObject({ metadata: { generation: 2 }, spec: { replicas: 3 } });
    expect(put.body.status).toBeUndefined();
    const status = { replicas: 3, availableReplicas: 3, selector: "app=prom", conditions: [{ type: "Reconciled", status: "True" }] };
    const st = await call("PUT", `${PROMS}/k8s/status`, { ...put.body, spec: { replicas: 1 }, status });
    expect(st.body).toMatchObject({ metadata: { generation: 2 }, spec: { replicas: 3 }, status });
    const badStatus = await call("PATCH", `${PROMS}/k8s/status`, { status: { conditions: [{ type: "Reconciled", status: "Maybe" }] } }, "application/merge-patch+json");
    expect(causes(badStatus)).toEqual(['status.conditions[0].status: Unsupported value: "Maybe": supported values: "True", "False", "Unknown"']);
    const labels = await call("PATCH", `${PROMS}/k8s`, { metadata: { labels: { x: "y" } } }, "application/merge-patch+json");
    expect(labels.body.metadata.generation).toBe(2);
  });

  it("merge patch and JSON patch; strategic merge patch is refused with 415", async () => {
    const merge = await call("PATCH", `${PROMS}/k8s`, { spec: { externalLabels: { cluster: null, region: "eu" } } }, "application/merge-patch+json");
    expect(merge.body.spec.externalLabels).toEqual({ region: "eu" });
    const json = await call("PATCH", `${PROMS}/k8s`, [{ op: "replace", path: "/spec/version", value: "v2.55.0" }], "application/json-patch+json");
    expect(json.body.spec.version).toBe("v2.55.0");
    const invalid = await call("PATCH", `${PROMS}/k8s`, [{ op: "replace", path: "/spec/replicas", value: -1 }], "application/json-patch+json");
    expect(causes(invalid)).toEqual(["spec.replicas: Invalid value: -1: spec.replicas in body should be greater than or equal to 0"]);
    const smp = await call("PATCH", `${PROMS}/k8s`, { spec: { replicas: 1 } }, "application/strategic-merge-patch+json");
    expect(smp).toMatchObject({ status: 415, body: { reason: "UnsupportedMediaType" } });
    expect(smp.body.message).toContain("application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml");
  });

  it("server-side apply: managedFields, list-maps by the schema's keys, pruning of what a manager stops applying", async () => {
    const apply = (manager: string, spec: Json) =>
      call("PATCH", `${PROMS}/ssa?fieldManager=${manager}&force=true`, { apiVersion: "monitoring.coreos.com/v1", kind: "Prometheus", metadata: { name: "ssa" }, spec }, "application/apply-patch+yaml");
    const am = (name: string, port?: string) => ({ namespace: "monitoring", name, ...(port ? { port } : {}) });
    const first = await apply("alice", { version: "v1", alerting: { alertmanagers: [am("a", "web"), am("b")] }, externalLabels: { x: "1" } });
    expect(first.status).toBe(201);
    expect(first.body.metadata.managedFields[0].fieldsV1["f:spec"]["f:alerting"]["f:alertmanagers"]).toHaveProperty('k:{"namespace":"monitoring","name":"a"}');
    await apply("bob", { alerting: { alertmanagers: [am("c")] } });
    const second = await apply("alice", { version: "v1", alerting: { alertmanagers: [am("a", "web")] } });
    expect(second.body.spec.alerting.alertmanagers.map((a: Json) => a.name)).toEqual(["a", "c"]);
    expect(second.body.spec.externalLabels).toBeUndefined();
    expect(second.body.spec.replicas).toBe(1);
    const unknown = await call("PATCH", `${PROMS}/ssa?fieldManager=alice&fieldValidation=Strict`, { apiVersion: "monitoring.coreos.com/v1", kind: "Prometheus", metadata: { name: "ssa" }, spec: { nope: 1 } }, "application/apply-patch+yaml");
    expect(unknown.status).toBe(400);
  });

  it("scale subresource at the CRD's paths", async () => {
    const scale = (await call("GET", `${PROMS}/k8s/scale`)).body;
    expect(scale).toMatchObject({ kind: "Scale", apiVersion: "autoscaling/v1", spec: { replicas: 3 }, status: { replicas: 3, selector: "app=prom" } });
    const patched = await call("PATCH", `${PROMS}/k8s/scale`, { spec: { replicas: 0 } }, "application/merge-patch+json");
    expect(patched.body.spec.replicas).toBe(0);
    expect((await call("GET", `${PROMS}/k8s`)).body.spec.replicas).toBe(0);
  });

  it("serves Tables with the CRD's printer columns", async () => {
    const res = await call("GET", PROMS, undefined, undefined, { Accept: "application/json;as=Table;v=v1;g=meta.k8s.io,application/json" });
    expect(res.body.columnDefinitions.map((c: Json) => `${c.name}:${c.type}`)).toEqual(["Name:string", "Version:string", "Desired:integer", "Ready:integer", "Reconciled:string", "Age:date"]);
    expect(res.body.rows[0].cells).toEqual(["k8s", "v2.55.0", 0, 3, "True", expect.stringMatching(/^\d+s$/)]);
  });

  it("cluster-scoped custom resources live outside namespaces, in every served version", async () => {
    expect((await call("POST", CRDS, testdata("crd-clusterissuer.yaml"))).status).toBe(201);
    const created = await call("POST", ISSUERS(), testdata("cr-clusterissuer.yaml"));
    expect(created.status).toBe(201);
    expect(created.body.metadata.namespace).toBeUndefined();
    expect((await call("GET", "/apis/pki.example.org/v1/namespaces/default/clusterissuers/letsencrypt-staging")).status).toBe(404);
    const beta = (await call("GET", `${ISSUERS("v1beta1")}/letsencrypt-staging`)).body;
    expect(beta).toMatchObject({ apiVersion: "pki.example.org/v1beta1", spec: { acme: { server: "https://acme-staging.example.org/directory" } } });
    expect((await call("GET", "/apis/pki.example.org")).body.preferredVersion).toEqual({ groupVersion: "pki.example.org/v1", version: "v1" });
    expect(causes(await call("POST", ISSUERS(), { apiVersion: "pki.example.org/v1", kind: "ClusterIssuer", metadata: { name: "x" }, spec: {} }))).toEqual(["spec.acme: Required value"]);
  });

  it("watches custom resources; deleting the CRD deletes its objects, ends the watch, leaves discovery", async () => {
    const watch = await fetch(`${sim.url}${ISSUERS()}?watch=1`);
    const text = watch.text();
    await call("DELETE", `${CRDS}/clusterissuers.pki.example.org`);
    const events = (await text).split("\n").filter(Boolean).map((l) => JSON.parse(l) as Json);
    expect(events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(["ADDED letsencrypt-staging", "DELETED letsencrypt-staging"]);
    expect((await call("GET", ISSUERS())).status).toBe(404);
    expect((await call("GET", "/apis")).body.groups.map((g: Json) => g.name)).not.toContain("pki.example.org");
    expect((await call("GET", "/openapi/v3")).body.paths["apis/pki.example.org/v1"]).toBeUndefined();
    expect((await call("POST", CRDS, testdata("crd-clusterissuer.yaml"))).status).toBe(201);
    expect((await call("GET", ISSUERS())).body.items).toEqual([]);
  });

  it("deletecollection, and deleting the namespace deletes its custom resources", async () => {
    await call("POST", "/api/v1/namespaces", { metadata: { name: "doomed" } });
    const doomed = "/apis/monitoring.coreos.com/v1/namespaces/doomed/prometheuses";
    await call("POST", doomed, { ...prometheus("a"), metadata: { name: "a", namespace: "doomed" } });
    await call("POST", doomed, { ...prometheus("b"), metadata: { name: "b", namespace: "doomed", labels: { drop: "yes" } } });
    expect((await call("DELETE", `${doomed}?labelSelector=drop%3Dyes`)).body.items.map((i: Json) => i.metadata.name)).toEqual(["b"]);
    await call("DELETE", "/api/v1/namespaces/doomed");
    for (let i = 0; i < 100 && (await call("GET", "/api/v1/namespaces/doomed")).status !== 404; i++) await new Promise((r) => setTimeout(r, 20));
    expect((await call("GET", `${doomed}`)).body.items).toEqual([]);
  });

  it("CRDs and their objects are restored after a restart", async () => {
    await sim.close();
    sim = await startSimulator({ dataDir: dir.path, timing: { podReadyDelayMs: 30 } });
    expect((await call("GET", `${PROMS}/k8s`)).body.spec).toMatchObject({ version: "v2.55.0", replicas: 0 });
    expect((await call("GET", "/apis/monitoring.coreos.com/v1")).body.resources[0].name).toBe("prometheuses");
    expect((await call("GET", `${CRDS}/clusterissuers.pki.example.org`)).body.status.conditions[1]).toMatchObject({ type: "Established", status: "True" });
    expect(causes(await call("POST", PROMS, prometheus("after", { replicas: "x" })))).toHaveLength(1);
  });
});
