import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { type Simulator, simKubeconfig, startSimulator } from "@/lib/kube";
import { waitFor } from "../support/cluster";
import { startFaultProxy } from "../support/fault-proxy";
import { deployment, docs, uniquePrefix } from "../support/fixtures";
import { call, get } from "../support/http";
import { createTestDatabase } from "../support/postgres";
import { startServer } from "../support/server";

// Faults: the cluster failing in the middle of a push, the database dropping connections during a
// write, and two app instances sharing one PostgreSQL.

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

describe("the cluster fails in the middle of a 50-object label patch", () => {
  it("stores the patch and every row; applied objects are golden, the rest listed with reasons; deployment/update finishes", { timeout: 240_000 }, async () => {
    const simDir = fs.mkdtempSync(path.join(os.tmpdir(), "dm-fault-sim-"));
    const sim: Simulator = await startSimulator({ dataDir: simDir });
    const proxy = await startFaultProxy(sim.url);
    // Every apply after `budget` applies went through is answered 503.
    const faults = { budget: Infinity, applies: 0, refused: 0 };
    proxy.state.fault = ({ isApply }) => {
      if (!isApply) return undefined;
      if (faults.applies < faults.budget) {
        faults.applies++;
        return undefined;
      }
      faults.refused++;
      return { status: 503 };
    };
    const kubeconfig = path.join(simDir, "proxy-kubeconfig");
    fs.writeFileSync(kubeconfig, simKubeconfig(proxy.url));
    const server = await startServer({ database: "pglite", env: { KUBE_MODE: "kubeconfig", KUBECONFIG: kubeconfig } });
    cleanups.push(async () => {
      await server.destroy();
      await proxy.close();
      await sim.close();
      fs.rmSync(simDir, { recursive: true, force: true });
    });

    const names = Array.from({ length: 50 }, (_, i) => `fault-${String(i).padStart(2, "0")}`);
    const upload = await call(server, "POST", "/base_configs", { form: { release_version: "1.0.0", base_config: docs(...names.map((n) => deployment(n, { replicas: 0 }))) } });
    expect(upload.status, upload.text).toBe(200);
    const bind = await call(server, "POST", "/resource_labels/binding", { body: ["label=fault-all", ...names.map((n) => `object_name=${n}`)].join("&"), headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(bind.status, bind.text).toBe(200);

    faults.applies = 0;
    faults.budget = 20;
    const patch = await call(server, "POST", "/patches/apply", { form: { patch: "# target: fault-all\nkind: Deployment\nmetadata:\n  annotations:\n    wave: two\n" } });
    expect(patch.status).toBe(500);
    const body = patch.body as Body;
    expect(body.data.successful_apply).toHaveLength(20);
    expect(body.data.failed_to_apply).toHaveLength(30);
    expect(body.error).toMatch(/injected fault/);
    expect(faults.refused).toBeGreaterThanOrEqual(30);

    const patches = ((await get(server, "/patches")).body as Body).data.patches as Body[];
    expect(patches.filter((p) => p.target === "fault-all")).toHaveLength(1);
    const configs = ((await get(server, "/configs")).body as Body).configs as Body[];
    expect(configs.filter((c) => names.includes(c.objectName) && String(c.config).includes("wave: two"))).toHaveLength(50);
    const golden = configs.filter((c) => names.includes(c.objectName) && c.state === "IS_GOLDEN").map((c) => c.objectName);
    expect(golden.sort()).toEqual([...body.data.successful_apply].sort());

    faults.budget = Infinity;
    const update = await call(server, "POST", "/deployment/update");
    expect(update.status, update.text).toBe(200);
    expect(Object.keys((update.body as Body).data.failed_to_apply ?? {})).toEqual([]);
    const after = ((await get(server, "/configs")).body as Body).configs as Body[];
    expect(after.filter((c) => names.includes(c.objectName) && c.state === "IS_GOLDEN")).toHaveLength(50);
  });
});

describe.runIf(inject("postgres"))("PostgreSQL faults", () => {
  async function terminateConnections(url: string) {
    const name = new URL(url).pathname.slice(1);
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [name]);
    } finally {
      await admin.end();
    }
  }

  async function count(url: string, sql: string, params: unknown[] = []): Promise<number> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return Number((await client.query(sql, params)).rows[0].n);
    } finally {
      await client.end();
    }
  }

  it("a dropped connection during a write fails the request cleanly, writes nothing half, and the app recovers", { timeout: 240_000 }, async () => {
    const server = await startServer({ database: "postgres" });
    cleanups.push(() => server.destroy());
    const url = server.databaseUrl!;
    const objects = Array.from({ length: 150 }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: drop-${i}\n  namespace: instabase\ndata:\n  k: "${i}"\n`);
    let stop = false;
    const killer = (async () => {
      while (!stop) {
        await terminateConnections(url).catch(() => undefined);
        await new Promise((r) => setTimeout(r, 15));
      }
    })();
    const upload = await call(server, "POST", "/base_configs", { form: { release_version: "2.0.0", base_config: docs(...objects) } }).catch((e: Error) => ({ status: 0, text: e.message }));
    stop = true;
    await killer;
    const stored = await count(url, `SELECT count(*) AS n FROM base_configs WHERE release_version = '2.0.0'`);
    const rows = await count(url, `SELECT count(*) AS n FROM materialized_configs WHERE object_name LIKE '%/drop-%'`);
    if (upload.status === 200) {
      expect([stored, rows]).toEqual([150, 150]);
    } else {
      expect(upload.status, upload.text).toBe(500);
      expect(upload.text).not.toMatch(/at .*\.(js|ts):\d+/);
      expect([stored, rows]).toEqual([0, 0]);
    }
    // The database is back: the app answers and the same upload goes through.
    const retry = await waitFor(async () => {
      const r = await call(server, "POST", "/base_configs", { form: { release_version: "2.0.1", base_config: docs(...objects) } });
      return r.status === 200 ? r : undefined;
    }, 30_000, "the app to recover");
    expect((retry.body as Body).data.successful_apply).toHaveLength(150);
  });

  it("two instances on one database: ordered versions, complete configs, each job once, one loop leader", { timeout: 300_000 }, async () => {
    const db = await createTestDatabase("dm_two");
    cleanups.push(() => db.drop());
    const shared = { DM_ENCRYPTION_KEY: "two-instances-share-this-key-0123456789", DM_HEALTH_CHECK_INTERVAL_SECONDS: "1" };
    const a = await startServer({ database: "postgres", databaseUrl: db.url, token: "two-instances-token-0123", env: shared });
    const b = await startServer({ database: "postgres", databaseUrl: db.url, token: "two-instances-token-0123", env: shared });
    cleanups.push(() => b.destroy(), () => a.destroy());
    const p = uniquePrefix("two");
    expect((await call(a, "POST", "/base_configs", { form: { release_version: "3.0.0", base_config: deployment(`${p}-app`, { replicas: 0 }) } })).status).toBe(200);

    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        call(i % 2 ? a : b, "POST", "/patches/apply", {
          form: { patch: `# target: ${p}-app\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n      - name: main\n        env:\n        - name: E${i}\n          value: "${i}"\n` },
        }),
      ),
    );
    for (const r of results) expect(r.status, r.text).toBe(200);
    const versions = (((await get(b, "/patches")).body as Body).data.patches as Body[]).map((x) => Number(x.version));
    expect(versions).toHaveLength(10);
    expect([...versions].sort((x, y) => x - y)).toEqual(versions);
    expect(new Set(versions).size).toBe(10);
    const config = String(((await get(a, `/configs/${p}-app`)).body as Body).config);
    // `E0` is written quoted: a YAML 1.1 reader (the yaml package's) takes it for a float.
    for (let i = 0; i < 10; i++) expect(config).toContain(`name: 'E${i}'`);

    // Reads and patch writes reuse the store view while base configs, labels and bindings are
    // unchanged (services/configs/state.ts): a label the other instance binds must be seen at once.
    expect((await call(a, "POST", "/patches/apply", { form: { patch: `# target: ${p}-app\nmetadata:\n  annotations:\n    warm: "1"\n` } })).status).toBe(200);
    const targetsOnA = async () => (((await get(a, `/patches/${p}-app`)).body as Body).data.patches as Body[]).map((x) => x.target);
    expect(await targetsOnA()).not.toContain(`${p}-lbl`);
    const bound = await call(b, "POST", "/resource_labels/binding", { form: { label: `${p}-lbl`, object_name: `${p}-app` } });
    expect(bound.status, bound.text).toBe(200);
    const viaLabel = await call(a, "POST", "/patches/apply", { form: { patch: `# target: ${p}-lbl\nmetadata:\n  annotations:\n    via-label: "yes"\n` } });
    expect(viaLabel.status, viaLabel.text).toBe(200);
    expect((viaLabel.body as Body).data).toMatchObject({ successful_apply: [`${p}-app`] });
    expect(String(((await get(b, `/configs/${p}-app`)).body as Body).config)).toContain("via-label: 'yes'");
    expect(await targetsOnA()).toContain(`${p}-lbl`);

    const ids = await Promise.all(
      Array.from({ length: 6 }, async (_, i) => {
        const r = await call(i % 2 ? a : b, "POST", "/base_configs/upload", { form: { release_version: `4.0.${i}`, base_config: deployment(`${p}-job${i}`, { replicas: 0 }) } });
        return String((r.body as Body).data.RequestID);
      }),
    );
    for (const id of ids) {
      await waitFor(async () => ((await get(a, `/base_configs/upload/${id}`)).body as Body).data.status === "SUCCESS", 60_000, `job ${id}`);
    }
    expect(await count(db.url, `SELECT count(*) AS n FROM jobs WHERE id = ANY($1::uuid[]) AND attempts = 1 AND status = 'SUCCESS'`, [ids])).toBe(6);
    expect(await count(db.url, `SELECT count(*) AS n FROM base_configs WHERE name LIKE $1`, [`${p}-job%`])).toBe(6);

    // Health checks run every second, but only on the leader: about one result per second.
    const runs = (since: Date) => count(db.url, `SELECT count(*) AS n FROM health_check_results WHERE check_id = 'Database Connection' AND checked_at > $1`, [since]);
    const since = new Date();
    await new Promise((r) => setTimeout(r, 6_000));
    const both = await runs(since);
    expect(both).toBeGreaterThanOrEqual(2);
    expect(both).toBeLessThanOrEqual(8);
    // When one instance stops, the other one carries on.
    await a.stop();
    await new Promise((r) => setTimeout(r, 1_500));
    const later = new Date();
    await new Promise((r) => setTimeout(r, 5_000));
    expect(await runs(later)).toBeGreaterThanOrEqual(2);
  });
});
