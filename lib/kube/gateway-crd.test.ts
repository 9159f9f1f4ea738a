// CRDs and custom resources through the gateway and through @kubernetes/client-node's own APIs
// (CustomObjectsApi, KubernetesObjectApi, ApiextensionsV1Api), against the simulator.
import {
  ApiextensionsV1Api,
  CustomObjectsApi,
  KubeConfig,
  KubernetesObjectApi,
  PatchStrategy,
  RbacAuthorizationV1Api,
  setHeaderOptions,
  type KubernetesObject,
} from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKubeGateway, KubeError, startSimulator, type KubeGateway, type Simulator } from ".";
import { tempDir, testdata } from "./testing";

const PROM_CRD = "prometheuses.monitoring.coreos.com";
const ISSUER_CRD = "clusterissuers.pki.example.org";
const PROM = { group: "monitoring.coreos.com", version: "v1", plural: "prometheuses" };

describe("CRDs and custom resources through the gateway and client-node", () => {
  const dir = tempDir("dm-kube-crd-");
  let sim: Simulator;
  let kube: KubeGateway;
  let kc: KubeConfig;

  beforeAll(async () => {
    sim = await startSimulator({ dataDir: dir.path });
    kube = createKubeGateway({ mode: "sim", kubeconfigPath: sim.kubeconfigPath });
    kc = new KubeConfig();
    kc.loadFromFile(sim.kubeconfigPath);
    await kube.ensureNamespace("monitoring");
  });

  afterAll(async () => {
    await sim.close();
    dir.remove();
  });

  it("applying a custom resource whose CRD is not installed fails with a kind-not-served error", async () => {
    const err = await kube.apply(testdata("cr-prometheus.yaml")).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KubeError);
    expect(err).toMatchObject({ isKindNotServed: true, status: 404, kind: "Prometheus", serverMessage: "no CustomResourceDefinition serves kind Prometheus in monitoring.coreos.com/v1" });
    expect((err as Error).message).toContain("no CustomResourceDefinition serves kind Prometheus in monitoring.coreos.com/v1");
    await expect(kube.resolve("Deployment", "apps/v9")).rejects.toMatchObject({ serverMessage: "the server has no resource of kind Deployment in apps/v9" });
  });

  it("applies CRDs, waits for Established, then applies and reads their custom resources at once", async () => {
    await kube.apply(testdata("crd-prometheus.yaml"));
    await kube.apply(testdata("crd-clusterissuer.yaml"));
    const crd = await kube.waitForCrdEstablished(PROM_CRD, { timeoutMs: 5_000 });
    expect((crd.status as { conditions: { type: string; status: string }[] }).conditions).toContainEqual(expect.objectContaining({ type: "Established", status: "True" }));
    await kube.waitForCrdEstablished(ISSUER_CRD);

    const applied = await kube.apply(testdata("cr-prometheus.yaml"));
    expect(applied).toMatchObject({ apiVersion: "monitoring.coreos.com/v1", kind: "Prometheus", metadata: { name: "k8s", namespace: "monitoring" }, spec: { replicas: 2, logLevel: "info" } });
    await kube.apply(testdata("cr-clusterissuer.yaml"));
    expect(await kube.resolve("Prometheus")).toMatchObject({ apiVersion: "monitoring.coreos.com/v1", plural: "prometheuses", namespaced: true, subresources: ["status", "scale"] });
    expect(await kube.resolve("ClusterIssuer", "pki.example.org/v1beta1")).toMatchObject({ plural: "clusterissuers", namespaced: false });
    expect((await kube.get({ kind: "Prometheus", namespace: "monitoring", name: "k8s" })).spec).toMatchObject({ version: "v2.54.1" });
    const issuers = await kube.list("ClusterIssuer");
    expect(issuers.map((i) => `${i.apiVersion} ${i.kind} ${i.metadata.name} ${String(i.metadata.namespace)}`)).toEqual(["pki.example.org/v1 ClusterIssuer letsencrypt-staging undefined"]);
    expect(await kube.list("Prometheus", { namespace: "monitoring", labelSelector: "app.kubernetes.io/name=prometheus" })).toHaveLength(1);
    expect(await kube.getScale({ kind: "Prometheus", namespace: "monitoring", name: "k8s" })).toMatchObject({ replicas: 2 });
    await kube.patchLabels({ kind: "Prometheus", namespace: "monitoring", name: "k8s" }, { team: "platform" });
    await kube.delete({ kind: "ClusterIssuer", name: "letsencrypt-staging" });
    expect(await kube.find({ kind: "ClusterIssuer", name: "letsencrypt-staging" })).toBeNull();
  });

  it("reports schema errors of a custom resource with their field paths", async () => {
    const bad = { ...testdata("cr-prometheus.yaml"), metadata: { name: "bad", namespace: "monitoring" }, spec: { replicas: -1 } };
    await expect(kube.apply(bad)).rejects.toMatchObject({
      status: 422,
      reason: "Invalid",
      causes: [expect.objectContaining({ field: "spec.replicas", message: "Invalid value: -1: spec.replicas in body should be greater than or equal to 0" })],
    });
  });

  it("waitForCrdEstablished gives up after its timeout, and fails at once on a names clash", async () => {
    const started = Date.now();
    await expect(kube.waitForCrdEstablished("nothings.example.org", { timeoutMs: 200, intervalMs: 50 })).rejects.toMatchObject({
      operation: "waitForCrdEstablished",
      status: 504,
      reason: "Timeout",
      serverMessage: "CustomResourceDefinition nothings.example.org not Established within 200 ms (last seen: not found)",
    });
    expect(Date.now() - started).toBeLessThan(2_000);
    const crd = testdata("crd-prometheus.yaml");
    await kube.apply({ ...crd, metadata: { name: "prometheusagents.monitoring.coreos.com" }, spec: { ...crd.spec, names: { kind: "PrometheusAgent", plural: "prometheusagents", shortNames: ["prom"] } } });
    await expect(kube.waitForCrdEstablished("prometheusagents.monitoring.coreos.com", { timeoutMs: 2_000 })).rejects.toMatchObject({
      status: 409,
      reason: "ShortNamesConflict",
      serverMessage: 'CustomResourceDefinition prometheusagents.monitoring.coreos.com is not established: "prom" is already in use',
    });
    await kube.delete({ kind: "CustomResourceDefinition", name: "prometheusagents.monitoring.coreos.com" });
  });

  it("client-node CustomObjectsApi: create, get, list, merge patch, delete", async () => {
    const api = kc.makeApiClient(CustomObjectsApi);
    const body = { ...testdata("cr-prometheus.yaml"), metadata: { name: "co", namespace: "monitoring", labels: { via: "custom-objects" } } };
    const created = (await api.createNamespacedCustomObject({ ...PROM, namespace: "monitoring", body })) as KubernetesObject;
    expect(created.metadata?.uid).toBeDefined();
    const got = (await api.getNamespacedCustomObject({ ...PROM, namespace: "monitoring", name: "co" })) as { spec: { retention: string } };
    expect(got.spec.retention).toBe("15d");
    const list = (await api.listNamespacedCustomObject({ ...PROM, namespace: "monitoring", labelSelector: "via=custom-objects" })) as { items: KubernetesObject[] };
    expect(list.items.map((i) => i.metadata?.name)).toEqual(["co"]);
    const patched = (await api.patchNamespacedCustomObject(
      { ...PROM, namespace: "monitoring", name: "co", body: { spec: { replicas: 4 } } },
      setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
    )) as { spec: { replicas: number } };
    expect(patched.spec.replicas).toBe(4);
    const cluster = (await api.listClusterCustomObject({ group: "pki.example.org", version: "v1", plural: "clusterissuers" })) as { items: unknown[] };
    expect(cluster.items).toEqual([]);
    await api.deleteNamespacedCustomObject({ ...PROM, namespace: "monitoring", name: "co" });
    await expect(api.getNamespacedCustomObject({ ...PROM, namespace: "monitoring", name: "co" })).rejects.toMatchObject({ code: 404 });
  });

  it("client-node KubernetesObjectApi: create, read, server-side apply, list, delete", async () => {
    const api = KubernetesObjectApi.makeApiClient(kc);
    const issuer = { ...testdata("cr-clusterissuer.yaml"), metadata: { name: "ko" } } as KubernetesObject;
    await api.create(issuer);
    expect(await api.read({ apiVersion: "pki.example.org/v1", kind: "ClusterIssuer", metadata: { name: "ko" } })).toMatchObject({ spec: { acme: { email: "platform@example.org" } } });
    const applied = await api.patch({ ...issuer, spec: { acme: { server: "https://acme.example.org/directory" } } } as KubernetesObject, undefined, undefined, "client-node-test", true, PatchStrategy.ServerSideApply);
    expect(applied).toMatchObject({ spec: { acme: { server: "https://acme.example.org/directory", email: "platform@example.org" } } });
    const list = await api.list("pki.example.org/v1", "ClusterIssuer");
    expect(list.items.map((i) => i.metadata?.name)).toEqual(["ko"]);
    await api.delete({ apiVersion: "pki.example.org/v1", kind: "ClusterIssuer", metadata: { name: "ko" } });
    expect((await api.list("pki.example.org/v1", "ClusterIssuer")).items).toEqual([]);
  });

  it("client-node ApiextensionsV1Api reads the CRD status, RbacAuthorizationV1Api takes path-segment names", async () => {
    const crd = await kc.makeApiClient(ApiextensionsV1Api).readCustomResourceDefinition({ name: PROM_CRD });
    expect(crd.status?.acceptedNames?.kind).toBe("Prometheus");
    expect(crd.status?.conditions?.find((c) => c.type === "Established")?.status).toBe("True");
    const rbac = kc.makeApiClient(RbacAuthorizationV1Api);
    const role = await rbac.createClusterRole({ body: { metadata: { name: "system:coredns" }, rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["list"] }] } });
    expect(role.metadata?.name).toBe("system:coredns");
    expect((await kube.get({ kind: "ClusterRole", name: "system:coredns" })).metadata.name).toBe("system:coredns");
    await expect(kube.apply({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "system:coredns", namespace: "monitoring" } })).rejects.toMatchObject({ status: 422 });
  });

  it("deleting a CRD makes its kind unknown again", async () => {
    await kube.delete({ kind: "CustomResourceDefinition", name: ISSUER_CRD });
    await expect(kube.list("ClusterIssuer", { apiVersion: "pki.example.org/v1" })).rejects.toMatchObject({ status: 404 });
  });
});
