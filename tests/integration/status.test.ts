import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import pg from "pg";
import { simKubeconfig, startSimulator, type Simulator } from "@/lib/kube/sim";
import { waitFor } from "../support/cluster";
import { call, get } from "../support/http";
import { PG_ADMIN_URL } from "../support/postgres";
import { type TestServer, freePort, startServer } from "../support/server";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

type Check = Record<string, unknown> & { id: string; status: string; contiguous_fails: number; last_success_at_epoch_seconds: number | null };
type Components = Record<string, { last_updated_epoch_seconds: number | null; health_checks_by_id: Record<string, Check> }>;

const CHECK_KEYS = [
  "id",
  "status",
  "component_name",
  "details",
  "tags",
  "is_critical",
  "contiguous_fails",
  "first_check_started_at_epoch_seconds",
  "last_checked_at_epoch_seconds",
  "last_check_runtime_milliseconds",
  "last_success_at_epoch_seconds",
].sort();

const components = async (target: { apiRoot: string; token: string | null }) => {
  const response = await get(target, "/platform-status/components");
  expect(response.status).toBe(200);
  return (response.body as { data: Components }).data;
};

describe.each(inject("servers"))("platform status on $name", (server) => {
  it("GET platform-status/components answers every component in the reference's shape", async () => {
    const response = await get(server, "/platform-status/components");
    expect(response.status).toBe(200);
    const body = response.body as { statusCode: number; data: Components; error: null };
    expect(body.statusCode).toBe(200);
    expect(body.error).toBeNull();
    expect(Object.keys(body.data).sort()).toEqual(["configs", "database", "kubernetes", "storage", "workloads"]);
    for (const [name, component] of Object.entries(body.data)) {
      expect(Object.keys(component).sort()).toEqual(["health_checks_by_id", "last_updated_epoch_seconds"]);
      expect(Object.keys(component.health_checks_by_id).length).toBeGreaterThan(0);
      for (const [id, check] of Object.entries(component.health_checks_by_id)) {
        expect(Object.keys(check).sort()).toEqual(CHECK_KEYS);
        expect(check).toMatchObject({ id, component_name: name, status: expect.stringMatching(/^(healthy|unhealthy)$/) });
        expect(check.last_checked_at_epoch_seconds).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000));
      }
    }
    expect(body.data.database!.health_checks_by_id["Database Connection"]).toMatchObject({
      status: "healthy",
      details: "Check Passed!",
      tags: ["platform-status-dashboard", "upgrade"],
      is_critical: true,
      contiguous_fails: 0,
    });
    expect(body.data.kubernetes!.health_checks_by_id["Kubernetes API Server"]!.status).toBe("healthy");
    expect(body.data.storage!.health_checks_by_id["Data Directory Writable"]!.status).toBe("healthy");
  });

  it("GET platform-status/history gives each check's runs (status, runtime), oldest first; bad limits are 400", async () => {
    const response = await get(server, "/platform-status/history?limit=5");
    expect(response.status).toBe(200);
    const history = (response.body as { data: Record<string, { checked_at_epoch_ms: number; status: string; runtime_milliseconds: number }[]> }).data;
    const points = history["Database Connection"]!;
    expect(points.length).toBeGreaterThan(0);
    expect(points.length).toBeLessThanOrEqual(5);
    expect(points.map((p) => p.checked_at_epoch_ms)).toEqual([...points.map((p) => p.checked_at_epoch_ms)].sort((a, b) => a - b));
    for (const limit of ["0", "abc", "501"]) {
      const bad = await get(server, `/platform-status/history?limit=${limit}`);
      expect(bad.status).toBe(400);
      expect((bad.body as { error: string }).error).toMatch(/^Invalid parameters: limit/);
    }
  });

  it("needs a token", async () => {
    expect((await call(server, "GET", "/platform-status/components", { token: null })).status).toBe(401);
  });
});

// A cluster that goes away and comes back: the app talks to a simulator run by this test (kubeconfig mode).
describe("status board when the cluster stops and restarts (PGlite)", () => {
  let server: TestServer;
  let sim: Simulator;
  let simDir: string;
  let port: number;

  beforeAll(async () => {
    simDir = fs.mkdtempSync(path.join(os.tmpdir(), "dm-it-sim-"));
    port = await freePort();
    sim = await startSimulator({ dataDir: simDir, port });
    server = await startServer({
      database: "pglite",
      env: {
        KUBE_MODE: "kubeconfig",
        KUBECONFIG: sim.kubeconfigPath,
        DM_HEALTH_CHECK_INTERVAL_SECONDS: "1",
        DM_HEALTH_CHECK_TIMEOUT_MS: "1500",
        DM_HEALTH_HISTORY_MAX_RESULTS: "4",
      },
    });
  });

  afterAll(async () => {
    await server?.destroy();
    await sim?.close();
    fs.rmSync(simDir, { recursive: true, force: true });
  });

  const apiServer = async () => (await components(server)).kubernetes!.health_checks_by_id["Kubernetes API Server"]!;
  const workloadChecks = async () => (await components(server)).workloads!.health_checks_by_id;
  const history = async () => ((await get(server, "/platform-status/history?limit=100")).body as { data: Record<string, { status: string }[]> }).data;

  it("has one check per Deployment/StatefulSet (ready vs desired), and drops a deleted workload's check with its history", async () => {
    const WORKLOADS = [
      "apiVersion: apps/v1",
      "kind: Deployment",
      "metadata: {name: deployment-by-expression, namespace: instabase}",
      "spec:",
      "  replicas: 2",
      "  selector: {matchExpressions: [{key: app, operator: In, values: [by-expression]}]}",
      "  template:",
      "    metadata: {labels: {app: by-expression}}",
      "    spec: {containers: [{name: main, image: registry.example/by-expression:1.0}]}",
      "---",
      "apiVersion: apps/v1",
      "kind: StatefulSet",
      "metadata: {name: statefulset-one, namespace: instabase}",
      "spec:",
      "  replicas: 1",
      "  serviceName: one",
      "  selector: {matchLabels: {app: one}}",
      "  template:",
      "    metadata: {labels: {app: one}}",
      "    spec: {containers: [{name: main, image: registry.example/one:1.0}]}",
    ].join("\n");
    expect((await call(server, "POST", "/base_configs", { form: { release_version: "1.0.0", base_config: WORKLOADS } })).status).toBe(200);
    const DEPLOYMENT = "workload:instabase/Deployment/deployment-by-expression";
    const STATEFULSET = "workload:instabase/StatefulSet/statefulset-one";
    const checks = await waitFor(async () => {
      const all = await workloadChecks();
      return all[DEPLOYMENT]?.status === "healthy" && all[STATEFULSET]?.status === "healthy" ? all : null;
    }, 60_000, "both workloads' checks healthy");
    expect(checks[DEPLOYMENT]).toMatchObject({
      id: DEPLOYMENT,
      component_name: "workloads",
      details: "Check Passed! 2/2 replicas ready",
      is_critical: true,
      tags: ["platform-status-dashboard", "upgrade", "namespace:instabase", "kind:Deployment"],
    });
    expect(checks[STATEFULSET]!.details).toBe("Check Passed! 1/1 replicas ready");
    expect(checks["Workload Inventory"]).toMatchObject({ status: "healthy", is_critical: false });
    expect((await history())[DEPLOYMENT]!.length).toBeGreaterThan(0);

    const deleted = await fetch(`${sim.url}/apis/apps/v1/namespaces/instabase/deployments/deployment-by-expression`, { method: "DELETE" });
    expect(deleted.status).toBe(200);
    await waitFor(async () => !(DEPLOYMENT in (await workloadChecks())), 30_000, "the deleted Deployment's check gone");
    expect(await workloadChecks()).toHaveProperty([STATEFULSET]);
    expect((await history())[DEPLOYMENT]).toBeUndefined();
  });

  it("reports the kubernetes component failing while the simulator is down, the others unaffected, and recovering after", async () => {
    await waitFor(async () => (await apiServer()).status === "healthy", 20_000, "kubernetes healthy");

    await sim.close();
    const failing = await waitFor(async () => {
      const check = await apiServer();
      return check.status === "unhealthy" && check.contiguous_fails >= 2 ? check : null;
    }, 20_000, "kubernetes unhealthy");
    expect(failing.details).toMatch(/^Check Failed: /);
    expect(failing.is_critical).toBe(true);
    const during = await components(server);
    expect(during.database!.health_checks_by_id["Database Connection"]!.status).toBe("healthy");
    // The workloads cannot be listed: the inventory fails, and so does each known workload's check.
    expect(during.workloads!.health_checks_by_id["Workload Inventory"]!.status).toBe("unhealthy");
    expect(during.workloads!.health_checks_by_id["workload:instabase/StatefulSet/statefulset-one"]).toMatchObject({
      status: "unhealthy",
      details: expect.stringMatching(/^Check Failed: The workloads cannot be listed: /),
    });

    sim = await startSimulator({ dataDir: simDir, port });
    const recovered = await waitFor(async () => {
      const check = await apiServer();
      return check.status === "healthy" ? check : null;
    }, 20_000, "kubernetes healthy again");
    expect(recovered.contiguous_fails).toBe(0);
    expect(recovered.last_success_at_epoch_seconds).toBeGreaterThanOrEqual(failing.last_checked_at_epoch_seconds as number);

    // History is bounded (DM_HEALTH_HISTORY_MAX_RESULTS=4) and the board sees the dip.
    for (const points of Object.values(await history())) expect(points.length).toBeLessThanOrEqual(5);
  });
});

// An API server that accepts connections and never answers: each round still takes about the
// interval (the checks and the replica sampling give up after DM_HEALTH_CHECK_TIMEOUT_MS).
describe("status board when the Kubernetes API server hangs (PGlite)", () => {
  let server: TestServer;
  let silent: net.Server;
  const sockets = new Set<net.Socket>();
  let dir: string;

  beforeAll(async () => {
    silent = net.createServer((socket) => {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "dm-it-hang-"));
    const kubeconfig = path.join(dir, "kubeconfig");
    fs.writeFileSync(kubeconfig, simKubeconfig(`http://127.0.0.1:${(silent.address() as net.AddressInfo).port}`, "token"));
    server = await startServer({
      database: "pglite",
      env: { KUBE_MODE: "kubeconfig", KUBECONFIG: kubeconfig, DM_HEALTH_CHECK_INTERVAL_SECONDS: "1", DM_HEALTH_CHECK_TIMEOUT_MS: "500" },
    });
  });

  afterAll(async () => {
    await server?.destroy();
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent?.close(resolve));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("the API server check times out after 500 ms and the database check is still refreshed about every second", async () => {
    const hanging = await waitFor(async () => {
      const check = (await components(server)).kubernetes!.health_checks_by_id["Kubernetes API Server"]!;
      return check.status === "unhealthy" ? check : null;
    }, 30_000, "kubernetes unhealthy");
    expect(hanging.details).toBe("Check Failed: Timed out after 500 ms");
    const seen = new Set<number>();
    await waitFor(async () => {
      seen.add((await components(server)).database!.health_checks_by_id["Database Connection"]!.last_checked_at_epoch_seconds as number);
      return seen.size >= 5;
    }, 15_000, "five database check runs (one round a second, not one per hanging request)");
    expect((await components(server)).database!.health_checks_by_id["Database Connection"]!.status).toBe("healthy");
  });
});

// The database refuses connections: the board answers what it last knew, with the database failing.
describe.runIf(inject("postgres"))("status board when the database stops accepting connections (PostgreSQL)", () => {
  let server: TestServer;
  let name: string;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: PG_ADMIN_URL });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  const allow = (allowed: boolean) => admin(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS ${allowed}`);

  beforeAll(async () => {
    server = await startServer({ database: "postgres", env: { DM_HEALTH_CHECK_INTERVAL_SECONDS: "1", DM_HEALTH_CHECK_TIMEOUT_MS: "1500" } });
    name = new URL(server.databaseUrl!).pathname.slice(1);
  });

  afterAll(async () => {
    if (name) await allow(true);
    await server?.destroy();
  });

  const database = async () => (await components(server)).database!.health_checks_by_id["Database Connection"]!;

  it("platform-status/components answers 200 with the database unhealthy (fails counted), and it recovers", async () => {
    await waitFor(async () => (await database()).status === "healthy", 20_000, "database healthy");
    const kubernetesBefore = (await components(server)).kubernetes!.health_checks_by_id["Kubernetes API Server"]!;

    await allow(false);
    await admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}' AND pid <> pg_backend_pid()`);
    const failing = await waitFor(async () => {
      const check = await database();
      return check.status === "unhealthy" && check.contiguous_fails >= 2 ? check : null;
    }, 30_000, "database unhealthy");
    expect(failing.details).toMatch(/^Check Failed: [^\n]*not currently accepting connections/);
    expect(failing.is_critical).toBe(true);
    const during = await components(server);
    expect(during.kubernetes!.health_checks_by_id["Kubernetes API Server"]!.status).toBe(kubernetesBefore.status);

    await allow(true);
    const recovered = await waitFor(async () => {
      const check = await database();
      return check.status === "healthy" ? check : null;
    }, 30_000, "database healthy again");
    expect(recovered.contiguous_fails).toBe(0);
  });
});
