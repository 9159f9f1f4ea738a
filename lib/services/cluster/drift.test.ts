import { describe, expect, it } from "vitest";
import { KubeError, type KubeGateway, type KubeObject, type ListOptions } from "@/lib/kube";
import { toYaml } from "@/lib/materialize";
import { SKIP_CODES, computeDrift } from "./drift";

/** A cluster of plain objects behind the two gateway calls drift uses, counting them. */
function fakeCluster(objects: KubeObject[], served = new Set(["Deployment", "Service", "ConfigMap"])) {
  const calls = { resolve: 0, list: 0, get: 0 };
  const gateway = {
    async resolve(kind: string) {
      calls.resolve++;
      if (!served.has(kind)) throw new KubeError({ operation: "discovery", kind, status: 404, reason: "NotFound" }, `no ${kind}`);
      return { kind, group: "", version: "v1", apiVersion: "v1", plural: kind.toLowerCase() + "s", namespaced: true, subresources: [] };
    },
    async list(kind: string, opts: ListOptions = {}) {
      calls.list++;
      return objects.filter((o) => o.kind === kind && o.metadata.namespace === opts.namespace);
    },
    async get() {
      calls.get++;
      throw new Error("drift must not GET objects one by one");
    },
  } as unknown as KubeGateway;
  return { gateway, calls };
}

const deployment = (name: string, ns: string, replicas: number): KubeObject => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name, namespace: ns },
  spec: { replicas, template: { spec: { containers: [{ name: "main", image: `reg/${name}:1` }] } } },
});

describe("computeDrift", () => {
  it("reads 2,000 objects with one LIST per (kind, namespace) and reports only what differs", async () => {
    const configs: KubeObject[] = [];
    for (let i = 0; i < 2000; i++) {
      const ns = i % 2 ? "instabase" : "other";
      configs.push(i % 4 < 2 ? deployment(`d-${i}`, ns, 2) : { apiVersion: "v1", kind: "ConfigMap", metadata: { name: `c-${i}`, namespace: ns }, data: { k: "v" } });
    }
    const live = configs.map((c) => structuredClone(c));
    (live[8]!.spec as { replicas: number }).replicas = 5;
    live.splice(11, 1);
    const { gateway, calls } = fakeCluster(live);
    const report = await computeDrift(
      gateway,
      configs.map((c) => ({ name: c.metadata.name, config: toYaml(c) })),
      { defaultNamespace: "instabase", hibernated: false },
    );
    expect(calls).toEqual({ resolve: 4, list: 4, get: 0 });
    expect(report.numInconsistencies).toBe(2);
    expect(report.inconsistentResources["d-8"]).toEqual({ diffRows: [{ key: "spec.replicas", expected: "2", got: "5" }] });
    expect(report.inconsistentResources["c-11"]).toEqual({ diffRows: [{ key: "metadata.name", expected: "c-11", got: "<absent>" }] });
    expect(report.consistentResources).toHaveLength(1998);
  });

  it("skips kinds the cluster does not serve and configs that do not parse, with codes", async () => {
    const { gateway } = fakeCluster([]);
    const report = await computeDrift(
      gateway,
      [
        { name: "crd-thing", config: "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: crd-thing}\n" },
        { name: "broken", config: "kind: [\n" },
      ],
      { defaultNamespace: "instabase", hibernated: false },
    );
    expect(report.skippedResources["crd-thing"]).toMatchObject({ code: SKIP_CODES.KIND_NOT_SERVED, reason: expect.stringContaining("Widget") });
    expect(report.skippedResources["broken"]?.code).toBe(SKIP_CODES.INVALID_CONFIG);
  });

  it("expects 0 replicas while hibernated and ignores replicas an HPA owns", async () => {
    const hpa: KubeObject = {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "not-an-hpa", namespace: "instabase" },
    };
    const scaled = deployment("a", "instabase", 3);
    const autoscaled = deployment("b", "instabase", 3);
    const hpaConfig = {
      apiVersion: "autoscaling/v2",
      kind: "HorizontalPodAutoscaler",
      metadata: { name: "b-hpa", namespace: "instabase" },
      spec: { scaleTargetRef: { kind: "Deployment", name: "b" }, minReplicas: 1, maxReplicas: 4 },
    };
    const { gateway } = fakeCluster([hpa, { ...scaled, spec: { ...(scaled.spec as object), replicas: 0 } }, { ...autoscaled, spec: { ...(autoscaled.spec as object), replicas: 4 } }], new Set(["Deployment", "Service"]));
    const report = await computeDrift(
      gateway,
      [scaled, autoscaled, hpaConfig].map((c) => ({ name: c.metadata.name, config: toYaml(c) })),
      { defaultNamespace: "instabase", hibernated: true },
    );
    expect(report.consistentResources).toEqual(["a", "b"]);
    expect(report.skippedResources["b-hpa"]?.code).toBe(SKIP_CODES.KIND_NOT_SERVED);
  });
});
