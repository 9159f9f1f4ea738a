/**
 * deploy/: the Kubernetes manifests go through the real kubectl (`apply --server-side`) into the
 * API simulator and the Deployment's 2 pods become ready; the RBAC rules hold no wildcards; the
 * Dockerfile only COPYs what exists (there is no Docker engine here to build it), and the
 * production server it runs starts from the standalone output with the migrations beside it
 * and answers.
 * With CI=true a missing kubectl fails instead of skipping.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { type Simulator, startSimulator } from "@/lib/kube";
import { tempDir, waitFor } from "@/lib/kube/testing";
import { allows, rbacRules } from "../support/rbac";
import { SERVER_BUNDLE, ensureBuild, freePort } from "../support/server";

const ROOT = path.resolve(import.meta.dirname, "../..");
const DEPLOY = path.join(ROOT, "deploy");
const MANIFESTS = path.join(DEPLOY, "kubernetes");
const run = promisify(execFile);
const kubectlFound = (process.env.PATH ?? "").split(":").some((dir) => dir && fs.existsSync(path.join(dir, "kubectl")));

type Doc = { kind: string; metadata: { name: string; namespace?: string }; rules?: { apiGroups: string[]; resources: string[]; verbs: string[] }[]; spec?: Record<string, unknown> };
const manifests = (): Doc[] =>
  fs
    .readdirSync(MANIFESTS)
    .filter((f) => f.endsWith(".yaml"))
    .flatMap((f) => parseAllDocuments(fs.readFileSync(path.join(MANIFESTS, f), "utf8")).map((d) => d.toJS() as Doc));

describe("deploy/kubernetes", () => {
  it("holds the objects in-cluster mode needs, RBAC without wildcards", () => {
    const docs = manifests();
    const kinds = docs.map((d) => `${d.kind}/${d.metadata.name}`).sort();
    expect(kinds).toEqual(
      [
        "ClusterRole/deployment-manager-namespaces",
        "ClusterRoleBinding/deployment-manager-namespaces",
        "Deployment/deployment-manager",
        "PodDisruptionBudget/deployment-manager",
        "Role/deployment-manager",
        "RoleBinding/deployment-manager",
        "Secret/deployment-manager",
        "Service/deployment-manager",
        "ServiceAccount/deployment-manager",
      ].sort(),
    );
    for (const rule of docs.flatMap((d) => d.rules ?? [])) {
      for (const list of [rule.apiGroups, rule.resources, rule.verbs]) expect(list).not.toContain("*");
      expect(rule.verbs).not.toContain("watch");
    }
    const { role } = rbacRules();
    const allowed = (group: string, resource: string, verb: string) => allows(role, group, resource, verb);
    // What the gateway does: apply, read, scale, quarantine (reads the pod's owner), logs, delete
    // pods and jobs. cluster-faults.test.ts checks every request a server makes against these rules.
    expect(allowed("apps", "deployments", "patch") && allowed("apps", "deployments/scale", "patch") && allowed("apps", "replicasets", "get")).toBe(true);
    expect(allowed("", "pods", "delete") && allowed("", "pods/log", "get") && allowed("batch", "jobs", "delete")).toBe(true);
    expect(allowed("", "secrets", "delete")).toBe(false);
  });

  it("the Dockerfile is multi-stage, runs the standalone server as a non-root user, and COPYs only what exists", () => {
    const dockerfile = fs.readFileSync(path.join(DEPLOY, "Dockerfile"), "utf8");
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(3);
    expect(dockerfile).toMatch(/^USER 10001:10001$/m);
    expect(dockerfile).toMatch(/^CMD \["node", "\.next\/dm-server\.mjs"\]$/m);
    const copies = [...dockerfile.matchAll(/^COPY (?:--from=(\w+) )?(?:--chown=\S+ )?(\S+) \S+$/gm)];
    expect(copies.length).toBeGreaterThan(5);
    ensureBuild();
    for (const [line, stage, source] of copies) {
      // Context copies are repository paths; copies from the build stages are paths of a built tree.
      const where = stage === "deps" && source === "/app/lib/generated" ? path.join(ROOT, "lib/generated") : path.join(ROOT, source!.replace(/^\/app\/?/, ""));
      expect(fs.existsSync(where), line).toBe(true);
    }
    const ignored = fs.readFileSync(path.join(DEPLOY, "Dockerfile.dockerignore"), "utf8");
    expect(ignored).toMatch(/^node_modules$/m);
    expect(ignored).toMatch(/^\.next$/m);
  });
});

describe.runIf(kubectlFound || process.env.CI === "true")("deploy/kubernetes applied with kubectl to the simulator", () => {
  const dir = tempDir("dm-deploy-");
  let sim: Simulator;
  const kubectl = async (...args: string[]) => {
    const env = { ...process.env, HOME: dir.path, KUBECONFIG: path.join(dir.path, "none") };
    const { stdout } = await run("kubectl", ["--server", sim.url, "--cache-dir", path.join(dir.path, "cache"), ...args], { env, timeout: 30_000 });
    return stdout;
  };

  beforeAll(async () => {
    expect(kubectlFound, "kubectl is not on PATH").toBe(true);
    sim = await startSimulator({ dataDir: dir.path, timing: { podReadyDelayMs: 100, logIntervalMs: 200 } });
    const namespace = path.join(dir.path, "namespace.yaml");
    fs.writeFileSync(namespace, "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: instabase\n");
    await kubectl("apply", "--server-side", "-f", namespace);
  });

  afterAll(async () => {
    await sim?.close();
    dir.remove();
  });

  it("apply --server-side accepts every object; the 2 replicas become ready; a second apply changes nothing", async () => {
    const out = await kubectl("apply", "--server-side", "-f", MANIFESTS);
    for (const object of [
      "serviceaccount/deployment-manager",
      "role.rbac.authorization.k8s.io/deployment-manager",
      "rolebinding.rbac.authorization.k8s.io/deployment-manager",
      "clusterrole.rbac.authorization.k8s.io/deployment-manager-namespaces",
      "clusterrolebinding.rbac.authorization.k8s.io/deployment-manager-namespaces",
      "secret/deployment-manager",
      "deployment.apps/deployment-manager",
      "service/deployment-manager",
      "poddisruptionbudget.policy/deployment-manager",
    ]) {
      expect(out).toContain(`${object} serverside-applied`);
    }
    const ready = await waitFor(
      "2 ready replicas",
      async () => {
        const d = JSON.parse(await kubectl("get", "deployment", "deployment-manager", "-n", "instabase", "-o", "json")) as { status?: { readyReplicas?: number } };
        return d.status?.readyReplicas === 2;
      },
      30_000,
      200,
    );
    expect(ready).toBe(true);
    const pods = JSON.parse(await kubectl("get", "pods", "-n", "instabase", "-l", "app.kubernetes.io/name=deployment-manager", "-o", "json")) as {
      items: { spec: { serviceAccountName: string; containers: { readinessProbe: unknown; livenessProbe: unknown }[] } }[];
    };
    expect(pods.items).toHaveLength(2);
    for (const pod of pods.items) {
      expect(pod.spec.serviceAccountName).toBe("deployment-manager");
      expect(pod.spec.containers[0]).toMatchObject({
        readinessProbe: { httpGet: { path: "/api/health/ready" } },
        livenessProbe: { httpGet: { path: "/api/health" } },
      });
    }
    const service = JSON.parse(await kubectl("get", "service", "deployment-manager", "-n", "instabase", "-o", "json")) as { spec: { ports: { port: number }[] } };
    expect(service.spec.ports[0]!.port).toBe(9500);
    const again = await kubectl("apply", "--server-side", "-f", MANIFESTS);
    expect(again).toContain("deployment.apps/deployment-manager serverside-applied");
  }, 90_000);
});

describe("the production server in the standalone output, as the image runs it", () => {
  const dir = tempDir("dm-standalone-");
  const token = "standalone-token-0123456789abcdef";
  let child: ChildProcess;
  let output = "";
  let base: string;

  beforeAll(async () => {
    ensureBuild();
    const standalone = path.join(ROOT, ".next", "standalone");
    expect(fs.existsSync(path.join(standalone, "server.js")), "next.config.ts must keep output: standalone").toBe(true);
    // What the Dockerfile adds to the standalone tree: the server bundle (its packages must be among
    // the traced node_modules), the static assets, the public files, the migrations.
    fs.cpSync(SERVER_BUNDLE, path.join(standalone, ".next", "dm-server.mjs"));
    fs.cpSync(path.join(ROOT, "prisma", "migrations"), path.join(standalone, "prisma", "migrations"), { recursive: true });
    fs.cpSync(path.join(ROOT, ".next", "static"), path.join(standalone, ".next", "static"), { recursive: true });
    fs.cpSync(path.join(ROOT, "public"), path.join(standalone, "public"), { recursive: true });
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", PORT: String(port), DM_LISTEN_HOST: "127.0.0.1", DATA_DIR: dir.path, DM_API_TOKEN: token, KUBE_MODE: "sim" };
    delete env.DATABASE_URL;
    child = spawn(process.execPath, [path.join(standalone, ".next", "dm-server.mjs")], { cwd: dir.path, env, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
    await waitFor("the production server", async () => (await fetch(`${base}/api/health/ready`)).status === 200, 90_000, 300).catch((error: Error) => {
      throw new Error(`${error.message}\n${output}`);
    });
  }, 120_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
    dir.remove();
  });

  it("applies the migrations, answers the API with the token, serves the console with its headers", async () => {
    expect((await fetch(`${base}/api/health`)).status).toBe(200);
    const patches = await fetch(`${base}/api/v1/control_plane/patches`, { headers: { Token: token } });
    expect(await patches.json()).toEqual({ statusCode: 200, data: { patches: [] }, error: null });
    const setup = await fetch(`${base}/api/v1/control_plane/setup`, { headers: { Token: token } });
    expect(setup.status).toBe(200);
    expect(await setup.json()).toEqual({ status: "OK" });
    const page = await fetch(`${base}/sign-in`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    const html = await page.text();
    const asset = html.match(/\/_next\/static\/[^"']+\.js/)?.[0];
    expect((await fetch(`${base}${asset}`)).status).toBe(200);
    expect(html).toContain('href="/favicon.svg"');
    const icon = await fetch(`${base}/favicon.svg`);
    expect([icon.status, icon.headers.get("content-type")]).toEqual([200, "image/svg+xml"]);
    expect(output).not.toContain(token);
  });
});
