// kubectl (a real client no one here wrote) against the simulator. In CI (CI=true) a missing
// kubectl fails this suite instead of skipping it.
import { execFile } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { startSimulator, type Simulator } from ".";
import { tempDir, waitFor } from "../testing";

const run = promisify(execFile);

/** $KUBECTL when set, else the first kubectl on PATH. */
function findKubectl(): string | undefined {
  if (process.env.KUBECTL) return existsSync(process.env.KUBECTL) ? process.env.KUBECTL : undefined;
  return (process.env.PATH ?? "")
    .split(":")
    .filter(Boolean)
    .map((d) => join(d, "kubectl"))
    .find((p) => existsSync(p));
}

const KUBECTL = findKubectl();

it("finds kubectl (required when CI=true)", (ctx) => {
  if (KUBECTL) return;
  if (process.env.CI === "true") expect.fail("kubectl not found on PATH (or at $KUBECTL): the kubectl suite must run in CI");
  ctx.skip();
});

const NS = "kubectl-test";
const MANIFEST = `apiVersion: v1
kind: Namespace
metadata:
  name: ${NS}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: ${NS}
  labels:
    app: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
        ports:
        - containerPort: 80
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: ${NS}
spec:
  selector:
    app: web
  ports:
  - port: 80
`;

describe.runIf(!!KUBECTL)("kubectl against the simulator", () => {
  const dir = tempDir("dm-kubectl-");
  let sim: Simulator;
  let server: string;

  /** kubectl with an isolated home, discovery cache and (empty) kubeconfig. */
  async function kubectl(...args: string[]): Promise<string> {
    const env = { ...process.env, HOME: dir.path, KUBECONFIG: join(dir.path, "empty-kubeconfig") };
    try {
      const { stdout } = await run(KUBECTL ?? "kubectl", ["--cache-dir", join(dir.path, "cache"), ...args], { env, timeout: 30_000 });
      return stdout;
    } catch (e) {
      const err = e as Error & { stderr?: string; stdout?: string };
      throw new Error(`kubectl ${args.join(" ")} failed: ${err.stderr ?? ""}${err.stdout ?? ""}${err.message}`);
    }
  }
  const k = (...args: string[]): Promise<string> => kubectl("--server", server, ...args);
  const podNames = async (): Promise<string[]> =>
    (await k("get", "pods", "-n", NS, "-l", "app=web", "-o", "name")).split("\n").filter(Boolean).map((n) => n.replace(/^pod\//, ""));
  const readyPods = async (n: number): Promise<string[] | false> => {
    const out = await k("get", "pods", "-n", NS, "-l", "app=web", "--no-headers");
    const rows = out.split("\n").filter(Boolean);
    return rows.length === n && rows.every((r) => /\s1\/1\s+Running\s/.test(r)) && rows.map((r) => r.split(/\s+/)[0] ?? "");
  };

  beforeAll(async () => {
    writeFileSync(join(dir.path, "empty-kubeconfig"), "apiVersion: v1\nkind: Config\n");
    sim = await startSimulator({ dataDir: dir.path, timing: { podReadyDelayMs: 100, logIntervalMs: 200 } });
    server = sim.url;
  });

  afterAll(async () => {
    await sim.close();
    dir.remove();
  });

  it("apply --server-side -f creates the objects", async () => {
    const file = join(dir.path, "app.yaml");
    writeFileSync(file, MANIFEST);
    const out = await k("apply", "--server-side", "-f", file);
    expect(out).toContain(`namespace/${NS} serverside-applied`);
    expect(out).toContain("deployment.apps/web serverside-applied");
    expect(out).toContain("service/web serverside-applied");
    await waitFor("2 running pods", () => readyPods(2));
    const again = await k("apply", "--server-side", "-f", file);
    expect(again).toContain("deployment.apps/web serverside-applied");
  });

  it("explain reads the kinds' schemas from the OpenAPI v3 documents, as from a real server", async () => {
    expect(await k("explain", "deployment.spec.replicas")).toMatch(/KIND:\s+Deployment[\s\S]*FIELD: replicas <integer>/);
    expect(await k("explain", "deployment.spec.template.spec.containers.image")).toContain("FIELD: image <string>");
    expect(await k("explain", "hpa.spec.minReplicas", "--api-version=autoscaling/v2")).toContain("FIELD: minReplicas <integer>");
  });

  it("get deployments,pods prints the server-side table", async () => {
    await waitFor("deployment ready", async () => /web\s+2\/2\s+2\s+2\s/.test(await k("get", "deployments", "-n", NS)));
    const out = await k("get", "deployments,pods", "-n", NS);
    const lines = out.split("\n");
    expect(lines[0]).toMatch(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE$/);
    expect(out).toMatch(/deployment\.apps\/web\s+2\/2\s+2\s+2\s+\d+s/);
    expect(out).toMatch(/NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE/);
    expect(out.match(/pod\/web-[a-z0-9]+-[a-z0-9]{5}\s+1\/1\s+Running\s+0\s+\d+s/g)).toHaveLength(2);
    const wide = await k("get", "pods", "-n", NS, "-o", "wide");
    expect(wide).toMatch(/IP\s+NODE/);
    expect(wide).toContain("sim-node");
  });

  it("get -o yaml returns the full object with defaults and status", async () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- assertions read arbitrary API JSON
    const doc = parseYaml(await k("get", "deployment", "web", "-n", NS, "-o", "yaml")) as Record<string, any>;
    expect(doc.kind).toBe("Deployment");
    expect(doc.apiVersion).toBe("apps/v1");
    expect(doc.metadata).toMatchObject({ name: "web", namespace: NS, generation: 1 });
    expect(doc.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(doc.spec).toMatchObject({ replicas: 2, strategy: { type: "RollingUpdate" } });
    expect(doc.spec.template.spec.containers[0]).toMatchObject({ image: "nginx:1.25", imagePullPolicy: "IfNotPresent" });
    expect(doc.status).toMatchObject({ replicas: 2, readyReplicas: 2, observedGeneration: 1 });
    const list = parseYaml(await k("get", "pods", "-n", NS, "-o", "yaml")) as { kind: string; items: unknown[] };
    expect(list.kind).toBe("List");
    expect(list.items).toHaveLength(2);
  });

  it("scale --replicas changes the pod count", async () => {
    expect(await k("scale", "deployment", "web", "-n", NS, "--replicas=3")).toContain("deployment.apps/web scaled");
    await waitFor("3 running pods", () => readyPods(3));
    expect(await k("get", "deployment", "web", "-n", NS, "-o", "jsonpath={.spec.replicas}")).toBe("3");
  });

  it("delete pod removes it and the ReplicaSet replaces it", async () => {
    const [victim] = await podNames();
    if (!victim) throw new Error("no pod");
    expect(await k("delete", "pod", victim, "-n", NS)).toContain(`pod "${victim}" deleted`);
    const pods = await waitFor("replacement pod", () => readyPods(3));
    expect(pods).not.toContain(victim);
  });

  it("logs prints the container's log, with --tail and --since-time", async () => {
    const [pod] = await podNames();
    if (!pod) throw new Error("no pod");
    await waitFor("running", async () => (await k("get", "pod", pod, "-n", NS, "-o", "jsonpath={.status.phase}")) === "Running");
    const out = await k("logs", pod, "-n", NS);
    expect(out).toContain(`starting web (image nginx:1.25) in pod ${pod}`);
    expect(out).toContain("listening on :80");
    const tail = await k("logs", pod, "-n", NS, "--tail=1", "--timestamps");
    expect(tail.trim().split("\n")).toHaveLength(1);
    expect(tail).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z /);
    expect(await k("logs", pod, "-n", NS, `--since-time=${new Date(Date.now() + 3_600_000).toISOString()}`)).toBe("");
  });

  it("rollout restart / status / undo reuse ReplicaSet revisions", async () => {
    expect(await k("rollout", "restart", "deployment/web", "-n", NS)).toContain("deployment.apps/web restarted");
    expect(await k("rollout", "status", "deployment/web", "-n", NS, "--timeout=20s")).toContain('deployment "web" successfully rolled out');
    expect(await k("rollout", "undo", "deployment/web", "-n", NS)).toContain("deployment.apps/web rolled back");
    expect(await k("rollout", "status", "deployment/web", "-n", NS, "--timeout=20s")).toContain("successfully rolled out");
    const rs = await k("get", "rs", "-n", NS, "-o", "jsonpath={range .items[*]}{.metadata.annotations.deployment\\.kubernetes\\.io/revision}={.spec.replicas} {end}");
    expect(rs.trim().split(" ").sort()).toEqual(["2=0", "3=3"]);
  });

  it("apply --server-side of an autoscaling/v1 HPA, read back as v1 and as v2", async () => {
    const file = join(dir.path, "hpa-v1.yaml");
    writeFileSync(
      file,
      `apiVersion: autoscaling/v1
kind: HorizontalPodAutoscaler
metadata:
  name: web
  namespace: ${NS}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 1
  maxReplicas: 5
  targetCPUUtilizationPercentage: 70
`,
    );
    expect(await k("apply", "--server-side", "-f", file)).toContain("horizontalpodautoscaler.autoscaling/web serverside-applied");
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- assertions read arbitrary API JSON
    const asV1 = parseYaml(await k("get", "horizontalpodautoscalers.v1.autoscaling", "web", "-n", NS, "-o", "yaml")) as Record<string, any>;
    expect(asV1.apiVersion).toBe("autoscaling/v1");
    expect(asV1.spec).toMatchObject({ minReplicas: 1, maxReplicas: 5, targetCPUUtilizationPercentage: 70 });
    expect(await k("get", "hpa", "web", "-n", NS, "-o", "jsonpath={.apiVersion} {.spec.metrics[0].resource.name} {.spec.metrics[0].resource.target.averageUtilization}")).toBe(
      "autoscaling/v2 cpu 70",
    );
    expect(await k("get", "hpa", "-n", NS)).toMatch(/web\s+Deployment\/web\s+\S+\s+1\s+5\s/);
    expect(await k("delete", "-f", file)).toContain('horizontalpodautoscaler.autoscaling "web" deleted');
  });

  // kubectl runs take ~100 ms each, more while the other suites run: these cases get more time.
  const SLOW = 20_000;
  const TESTDATA = join(import.meta.dirname, "testdata");
  const data = (file: string): string => join(TESTDATA, file);

  it("CRDs: apply (client-side and --server-side), wait --for condition=established, explain", { timeout: SLOW }, async () => {
    expect(await k("apply", "-f", data("crd-prometheus.yaml"))).toContain("customresourcedefinition.apiextensions.k8s.io/prometheuses.monitoring.coreos.com created");
    expect(await k("apply", "-f", data("crd-prometheus.yaml"))).toContain("prometheuses.monitoring.coreos.com unchanged");
    expect(await k("apply", "--server-side", "-f", data("crd-clusterissuer.yaml"))).toContain("clusterissuers.pki.example.org serverside-applied");
    const waited = await k("wait", "--for", "condition=established", "--timeout=10s", "crd/prometheuses.monitoring.coreos.com", "crd/clusterissuers.pki.example.org");
    expect(waited).toContain("customresourcedefinition.apiextensions.k8s.io/prometheuses.monitoring.coreos.com condition met");
    expect(await k("get", "crd")).toMatch(/prometheuses\.monitoring\.coreos\.com\s+\d{4}-\d\d-\d\dT/);
    expect(await k("explain", "prometheus.spec.replicas")).toMatch(/KIND:\s+Prometheus[\s\S]*FIELD: replicas <integer>[\s\S]*Number of replicas/);
    expect(await k("explain", "clusterissuers.spec.acme.server")).toContain("FIELD: server <string>");
  });

  it("custom resources: apply (client-side, --server-side), get by kind, plural.group and short name", { timeout: SLOW }, async () => {
    writeFileSync(join(dir.path, "ns-monitoring.yaml"), "apiVersion: v1\nkind: Namespace\nmetadata: {name: monitoring}\n");
    await k("apply", "-f", join(dir.path, "ns-monitoring.yaml"));
    expect(await k("apply", "-f", data("cr-prometheus.yaml"))).toContain("prometheus.monitoring.coreos.com/k8s created");
    expect(await k("apply", "-f", data("cr-clusterissuer.yaml"))).toContain("clusterissuer.pki.example.org/letsencrypt-staging created");
    expect(await k("apply", "--server-side", "-f", data("cr-prometheus.yaml"))).toContain("prometheus.monitoring.coreos.com/k8s serverside-applied");
    expect(await k("get", "prometheus", "-n", "monitoring")).toMatch(/^NAME\s+VERSION\s+DESIRED\s+READY\s+RECONCILED\s+AGE\nk8s\s+v2\.54\.1\s+2\s+\d+s\n$/);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- assertions read arbitrary API JSON
    const doc = parseYaml(await k("get", "prometheuses.monitoring.coreos.com", "k8s", "-n", "monitoring", "-o", "yaml")) as Record<string, any>;
    expect(doc).toMatchObject({ apiVersion: "monitoring.coreos.com/v1", kind: "Prometheus", metadata: { name: "k8s", generation: 1 }, spec: { replicas: 2, logLevel: "info" } });
    expect(await k("get", "prom", "-A", "-o", "name")).toBe("prometheus.monitoring.coreos.com/k8s\n");
    expect(await k("get", "ciss")).toMatch(/^NAME\s+READY\s+AGE\nletsencrypt-staging\s+\d+s\n$/);
  });

  it("custom resources: patch --type merge, scale; strategic merge (415), schema (422) and unknown-field (400) errors", { timeout: SLOW }, async () => {
    expect(await k("patch", "prometheus", "k8s", "-n", "monitoring", "--type", "merge", "-p", '{"spec":{"replicas":3}}')).toContain("prometheus.monitoring.coreos.com/k8s patched");
    expect(await k("get", "prom", "k8s", "-n", "monitoring", "-o", "jsonpath={.spec.replicas} {.metadata.generation}")).toBe("3 2");
    expect(await k("scale", "prom", "k8s", "-n", "monitoring", "--replicas=1")).toContain("prometheus.monitoring.coreos.com/k8s scaled");
    await expect(k("patch", "prom", "k8s", "-n", "monitoring", "-p", '{"spec":{"replicas":3}}')).rejects.toThrow(/strategic-merge-patch\+json is not supported/);
    await expect(k("patch", "prom", "k8s", "-n", "monitoring", "--type", "merge", "-p", '{"spec":{"logLevel":"trace"}}')).rejects.toThrow(
      /The Prometheus "k8s" is invalid: spec\.logLevel: Unsupported value: "trace": supported values: "debug", "info", "warn", "error"/,
    );
    const unknown = join(dir.path, "cr-unknown.yaml");
    writeFileSync(unknown, readFileSync(data("cr-prometheus.yaml"), "utf8").replace("name: k8s", "name: other").replace("  retention: 15d", "  retention: 15d\n  retentionSize: 10GB"));
    await expect(k("apply", "-f", unknown)).rejects.toThrow(/strict decoding error: unknown field "spec\.retentionSize"/);
  });

  it("custom resources and CRDs: delete", { timeout: SLOW }, async () => {
    expect(await k("delete", "-f", data("cr-prometheus.yaml"))).toContain('prometheus.monitoring.coreos.com "k8s" deleted');
    expect(await k("delete", "crd", "clusterissuers.pki.example.org")).toContain('"clusterissuers.pki.example.org" deleted');
    await expect(k("get", "clusterissuers.pki.example.org")).rejects.toThrow(/the server could not find the requested resource|doesn't have a resource type/);
  });

  it("applies RBAC objects named with colons and the cluster-scoped built-in kinds of real releases", { timeout: SLOW }, async () => {
    const file = join(dir.path, "platform.yaml");
    writeFileSync(
      file,
      `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: "system:coredns"}
rules: [{apiGroups: [""], resources: [endpoints, services, pods, namespaces], verbs: [list, watch]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: "resource-metrics:system:auth-delegator"}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "system:auth-delegator"}
subjects: [{kind: ServiceAccount, name: metrics-server, namespace: kube-system}]
---
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {name: platform-critical}
value: 1000000
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: fast}
provisioner: ebs.csi.aws.com
---
apiVersion: apiregistration.k8s.io/v1
kind: APIService
metadata: {name: v1beta1.metrics.k8s.io}
spec: {group: metrics.k8s.io, version: v1beta1, groupPriorityMinimum: 100, versionPriority: 100, service: {name: metrics-server, namespace: kube-system}}
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata: {name: platform-webhook}
webhooks: []
`,
    );
    const out = await k("apply", "--server-side", "-f", file);
    for (const line of [
      "clusterrole.rbac.authorization.k8s.io/system:coredns serverside-applied",
      "clusterrolebinding.rbac.authorization.k8s.io/resource-metrics:system:auth-delegator serverside-applied",
      "priorityclass.scheduling.k8s.io/platform-critical serverside-applied",
      "storageclass.storage.k8s.io/fast serverside-applied",
      "apiservice.apiregistration.k8s.io/v1beta1.metrics.k8s.io serverside-applied",
      "validatingwebhookconfiguration.admissionregistration.k8s.io/platform-webhook serverside-applied",
    ]) {
      expect(out).toContain(line);
    }
    expect(await k("get", "clusterrole", "system:coredns", "-o", "jsonpath={.metadata.name}")).toBe("system:coredns");
    expect(await k("get", "sc,pc", "-o", "name")).toBe("storageclass.storage.k8s.io/fast\npriorityclass.scheduling.k8s.io/platform-critical\n");
    const configMap = join(dir.path, "cm-colon.yaml");
    writeFileSync(configMap, `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: "system:x", namespace: default}\n`);
    await expect(k("apply", "-f", configMap)).rejects.toThrow(/The ConfigMap "system:x" is invalid: metadata\.name: Invalid value: "system:x": a lowercase RFC 1123 subdomain/);
  });

  it("reports errors as kubectl prints API Status errors", async () => {
    await expect(k("get", "deployment", "nope", "-n", NS)).rejects.toThrow(/deployments\.apps "nope" not found/);
  });

  it("reaches the same cluster through the kubeconfig the simulator writes", async () => {
    const out = await kubectl("--kubeconfig", sim.kubeconfigPath, "get", "deployments", "-n", NS);
    expect(out).toMatch(/web\s+3\/3\s+3\s+3\s/);
    expect(await kubectl("--kubeconfig", sim.kubeconfigPath, "get", "nodes")).toMatch(/sim-node\s+Ready\s+control-plane/);
  });

  it("is refused by a simulator that requires a bearer token", async () => {
    // client-go sends bearer tokens only over TLS, so kubectl cannot authenticate to the plain-HTTP
    // simulator: a token-protected simulator is for client-node (see gateway.test.ts).
    const secured = tempDir("dm-kubectl-token-");
    const tokenSim = await startSimulator({ dataDir: secured.path, token: "kubectl-test-token-42" });
    try {
      await expect(kubectl("--server", tokenSim.url, "get", "nodes")).rejects.toThrow(/provide credentials|Unauthorized/);
    } finally {
      await tokenSim.close();
      secured.remove();
    }
  });
});
