/**
 * The materialization benchmark's workload: Deployments, Services and ConfigMaps as base YAML;
 * patches (60% name-targeted strategic merge, 30% label-targeted strategic merge, 10% JSON
 * patch) in the formats `dm materialize` reads; label bindings; and the same changes as a
 * kustomize overlay (label bindings become `labelSelector` targets on labels of the bases).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import jsYaml from "js-yaml";
import { Random } from "../lib/materialize/testing/random";

type Obj = Record<string, unknown>;
const KINDS = ["Deployment", "Service", "ConfigMap"] as const;
type Kind = (typeof KINDS)[number];

export interface WorkloadSize {
  objects: number;
  patches: number;
  labels: number;
  seed: number;
}

function groupLabel(i: number): string {
  return `dm-group-${i}`;
}

function baseObject(kind: Kind, name: string, groups: number[], rnd: Random): Obj {
  const labels: Obj = { app: name };
  for (const g of groups) labels[groupLabel(g)] = "member";
  const metadata = { name, labels, annotations: { owner: "platform", tier: rnd.pick(["a", "b", "c"]) } };
  if (kind === "Deployment") {
    const container = (n: string) => ({
      name: n,
      image: `registry.example.com/platform/${n}:1.${rnd.int(0, 20)}`,
      args: ["--port=8080", "--log-format=json"],
      env: Array.from({ length: 8 }, (_, i) => ({ name: `ENV_${i}`, value: `value-${rnd.int(0, 999)}` })),
      ports: [{ containerPort: 8080, name: "http", protocol: "TCP" }],
      resources: { limits: { cpu: "1", memory: "1Gi" }, requests: { cpu: "100m", memory: "128Mi" } },
      volumeMounts: [{ name: "config", mountPath: "/etc/config" }],
      readinessProbe: { httpGet: { path: "/ready", port: 8080 }, periodSeconds: 10 },
    });
    return {
      apiVersion: "apps/v1",
      kind,
      metadata,
      spec: {
        replicas: rnd.int(1, 5),
        selector: { matchLabels: { app: name } },
        template: {
          metadata: { labels: { app: name } },
          spec: {
            containers: [container(name.slice(0, 40)), container("sidecar")],
            volumes: [{ name: "config", configMap: { name: `${name}-config` } }],
            nodeSelector: { pool: "default" },
          },
        },
      },
    };
  }
  if (kind === "Service") {
    return {
      apiVersion: "v1",
      kind,
      metadata,
      spec: { selector: { app: name }, ports: [{ name: "http", port: 80, targetPort: 8080, protocol: "TCP" }, { name: "metrics", port: 9090, targetPort: 9090, protocol: "TCP" }] },
    };
  }
  const data: Obj = {};
  for (let i = 0; i < 12; i++) data[`KEY_${i}`] = `value-${rnd.int(0, 999)}`;
  return { apiVersion: "v1", kind, metadata, data };
}

/** A strategic merge body for an object of `kind` (no `metadata.name`: the target decides). */
function strategicBody(kind: Kind, rnd: Random, containerName: string | undefined): Obj {
  if (kind === "Deployment") {
    const name = containerName ?? "sidecar";
    const container: Obj = { name, env: [{ name: `ENV_${rnd.int(0, 12)}`, value: `patched-${rnd.int(0, 999)}` }] };
    if (rnd.chance(0.5)) container.resources = { limits: { memory: `${rnd.int(1, 8)}Gi` } };
    if (rnd.chance(0.3)) container.image = `registry.example.com/platform/${name}:2.${rnd.int(0, 9)}`;
    const spec: Obj = { template: { spec: { containers: [container] } } };
    if (rnd.chance(0.4)) spec.replicas = rnd.int(1, 9);
    return { apiVersion: "apps/v1", kind, spec, metadata: { annotations: { [`patched-${rnd.int(0, 5)}`]: "yes-it-is" } } };
  }
  if (kind === "Service") {
    const ports = rnd.chance(0.5) ? [{ port: 80, protocol: "TCP", targetPort: rnd.int(8000, 8999) }] : [{ name: `extra-${rnd.int(0, 9)}`, port: 10000 + rnd.int(0, 9), targetPort: 9999, protocol: "TCP" }];
    return { apiVersion: "v1", kind, spec: { ports } };
  }
  const data: Obj = { [`KEY_${rnd.int(0, 15)}`]: `patched-${rnd.int(0, 999)}` };
  if (rnd.chance(0.3)) data[`KEY_${rnd.int(0, 11)}`] = null;
  return { apiVersion: "v1", kind, data };
}

function jsonOps(kind: Kind, rnd: Random): Obj[] {
  if (kind === "Deployment") {
    return [
      { op: "replace", path: "/spec/replicas", value: rnd.int(1, 9) },
      // Not by list index: the engines order merged list elements differently (kubectl vs kyaml).
      { op: "add", path: "/spec/template/metadata/labels/json-patched", value: `v${rnd.int(0, 99)}` },
    ];
  }
  if (kind === "Service") return [{ op: "add", path: "/metadata/annotations/json-patched", value: `v${rnd.int(0, 99)}` }];
  return [{ op: "add", path: `/data/JSON_${rnd.int(0, 9)}`, value: `v${rnd.int(0, 99)}` }];
}

/** Writes base/, patches/, bindings.json and a kustomization.yaml (+ kpatches/) under `dir`. */
export function writeWorkload(dir: string, size: WorkloadSize): { objects: number; patches: number } {
  const rnd = new Random(size.seed);
  mkdirSync(join(dir, "base"), { recursive: true });
  mkdirSync(join(dir, "patches"), { recursive: true });
  mkdirSync(join(dir, "kpatches"), { recursive: true });

  // Custom labels, each bound to objects of one kind (so a label patch fits all its objects).
  const labelKind = Array.from({ length: size.labels }, (_, i) => KINDS[i % KINDS.length] as Kind);
  const objects: { name: string; kind: Kind; groups: number[]; containerName: string }[] = [];
  for (let i = 0; i < size.objects; i++) {
    const kind = KINDS[i % KINDS.length] as Kind;
    const name = `${kind.toLowerCase()}-${String(i).padStart(5, "0")}`;
    const candidates = labelKind.flatMap((k, g) => (k === kind ? [g] : []));
    const groups = rnd.sample(candidates, Math.min(candidates.length, rnd.int(0, 2)));
    objects.push({ name, kind, groups, containerName: name.slice(0, 40) });
  }
  const bindings: Record<string, string[]> = {};
  labelKind.forEach((_, g) => (bindings[groupLabel(g)] = objects.filter((o) => o.groups.includes(g)).map((o) => o.name)));

  const files = 10;
  const resources: string[] = [];
  for (let f = 0; f < files; f++) {
    const docs = objects.filter((_, i) => i % files === f).map((o) => jsYaml.dump(baseObject(o.kind, o.name, o.groups, rnd)));
    const file = `base/objects-${String(f).padStart(2, "0")}.yaml`;
    writeFileSync(join(dir, file), docs.join("---\n"));
    resources.push(file);
  }

  const kpatches: Obj[] = [];
  const usableLabels = labelKind.map((_, g) => g).filter((g) => (bindings[groupLabel(g)] ?? []).length > 0);
  for (let p = 0; p < size.patches; p++) {
    const file = String(p + 1).padStart(6, "0");
    const r = rnd.next();
    if (r < 0.1) {
      const o = rnd.pick(objects);
      const ops = jsonOps(o.kind, rnd);
      writeFileSync(join(dir, "patches", `${file}.json`), JSON.stringify({ comment: "bench", kind: o.kind, target: o.name, patch: ops }));
      writeFileSync(join(dir, "kpatches", `${file}.json`), JSON.stringify(ops));
      kpatches.push({ path: `kpatches/${file}.json`, target: { kind: o.kind, name: o.name } });
    } else if (r < 0.4 && usableLabels.length > 0) {
      const g = rnd.pick(usableLabels);
      const kind = labelKind[g] as Kind;
      const body = strategicBody(kind, rnd, undefined);
      writeFileSync(join(dir, "patches", `${file}.yaml`), `# target: ${groupLabel(g)}\n${jsYaml.dump(body)}`);
      writeFileSync(join(dir, "kpatches", `${file}.yaml`), jsYaml.dump({ ...body, metadata: { ...(body.metadata as Obj), name: "any" } }));
      kpatches.push({ path: `kpatches/${file}.yaml`, target: { kind, labelSelector: `${groupLabel(g)}=member` } });
    } else {
      const o = rnd.pick(objects);
      const body = strategicBody(o.kind, rnd, o.containerName);
      writeFileSync(join(dir, "patches", `${file}.yaml`), `# target: ${o.name}\n${jsYaml.dump({ ...body, metadata: { ...(body.metadata as Obj), name: o.name } })}`);
      writeFileSync(join(dir, "kpatches", `${file}.yaml`), jsYaml.dump({ ...body, metadata: { ...(body.metadata as Obj), name: o.name } }));
      kpatches.push({ path: `kpatches/${file}.yaml`, target: { kind: o.kind, name: o.name } });
    }
  }
  writeFileSync(join(dir, "bindings.json"), JSON.stringify(bindings));
  writeFileSync(join(dir, "kustomization.yaml"), jsYaml.dump({ apiVersion: "kustomize.config.k8s.io/v1beta1", kind: "Kustomization", resources, patches: kpatches }));
  return { objects: objects.length, patches: size.patches };
}
