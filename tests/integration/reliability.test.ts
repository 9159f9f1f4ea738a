import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { TOKEN_CACHE_MS } from "@/lib/store/tokens";
import { waitFor } from "../support/cluster";
import { configMap, deployment, docs, uniquePrefix } from "../support/fixtures";
import { call, get } from "../support/http";
import { PG_ADMIN_URL } from "../support/postgres";
import { type TestServer, startServer } from "../support/server";

// Issue 14, reliability and hostile input: each case here answered 500, lost a job's progress,
// or let a blocked address guess again before its fix.

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

/** One GET route of each route folder (each is its own Next.js bundle), and the console sign-in. */
const ROUTE_FAMILIES = [
  "/setup/status",
  "/configs",
  "/patches",
  "/base_configs",
  "/resource_labels",
  "/settings",
  "/audit",
  "/configs/k8s-inconsistencies",
  "/deployment/hibernation",
  "/platform-status/components",
  "/database/connection",
  "/kube/workloads",
  "/no/such/route",
];

async function sql<T = Record<string, unknown>>(url: string, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

describe.each(inject("servers"))("hostile input on $name", (server) => {
  const octet = server.name === "pglite" ? 1 : 2;

  it("a blocked address gets 429 with Retry-After on every route family, never 500", async () => {
    const attacker = { "x-forwarded-for": `10.214.${octet}.1` };
    for (let i = 0; i < 20; i++) {
      const wrong = await call(server, "GET", ROUTE_FAMILIES[i % ROUTE_FAMILIES.length]!, { token: `guess-${i}-0123456789abcdef`, headers: attacker });
      expect(wrong.status).toBe(401);
    }
    for (const route of ROUTE_FAMILIES) {
      const limited = await call(server, "GET", route, { token: "guess-x-0123456789abcdef", headers: attacker });
      expect({ route, status: limited.status }).toEqual({ route, status: 429 });
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(limited.body).toMatchObject({ statusCode: 429, data: null, error: expect.stringMatching(/retry in \d+ s/) });
    }
    const signIn = await call({ apiRoot: server.baseUrl, token: null }, "POST", "/api/console/session", {
      json: { token: server.token },
      headers: { ...attacker, origin: server.baseUrl },
    });
    expect(signIn.status).toBe(429);
    expect(Number(signIn.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("labels named constructor, toString, hasOwnProperty and __proto__ are plain labels", async () => {
    const p = uniquePrefix("proto");
    const upload = await call(server, "POST", "/base_configs", { form: { release_version: "1.0.0", base_config: docs(configMap(`${p}-cm`), deployment(`${p}-app`, { replicas: 0 })) } });
    expect(upload.status, upload.text).toBe(200);
    for (const label of ["constructor", "toString", "hasOwnProperty", "valueOf"]) {
      const unbound = await get(server, `/resource_labels/objects/${label}`);
      expect({ label, status: unbound.status }, unbound.text).toEqual({ label, status: 200 });
      expect((unbound.body as Body).objects).toEqual([]);
      const bind = await call(server, "POST", "/resource_labels/binding", { form: { label, object_name: `${p}-cm` } });
      expect({ label, status: bind.status }, bind.text).toEqual({ label, status: 200 });
      const objects = await get(server, `/resource_labels/objects/${label}`);
      expect({ label, status: objects.status }, objects.text).toEqual({ label, status: 200 });
      expect(objects.text).toContain(`${p}-cm`);
      const labels = await get(server, `/resource_labels/labels/${p}-cm`);
      expect(labels.status, labels.text).toBe(200);
      expect(labels.text).toContain(JSON.stringify(label));
      const patch = await call(server, "POST", "/patches/apply", { form: { patch: `# target: ${label}\ndata:\n  via: "${label}"\n` } });
      expect({ label, status: patch.status }, patch.text).toEqual({ label, status: 200 });
      expect((await get(server, `/configs/${p}-cm`)).text).toContain(`via: ${label}`);
      // An object that is not bound to it is not reached.
      expect((await get(server, `/configs/${p}-app`)).text).not.toContain(`via: ${label}`);
    }
    const all = await get(server, "/resource_labels");
    expect(all.status, all.text).toBe(200);
    // `__proto__` is no label name (refused as such), and reading it or patching it is no fault.
    expect((await call(server, "POST", "/resource_labels/binding", { form: { label: "__proto__", object_name: `${p}-cm` } })).status).toBe(400);
    expect((await get(server, "/resource_labels/objects/__proto__")).status).toBe(200);
    const waiting = await call(server, "POST", "/patches/apply", { form: { patch: "# target: __proto__\ndata:\n  via: proto\n", dry_run: "true" } });
    expect(waiting.status, waiting.text).toBeLessThan(500);
  });

  it("a malformed session cookie answers 400", async () => {
    const response = await call(server, "GET", "/setup/status", { token: null, headers: { cookie: "dm_session=%E0%A4%A" } });
    expect(response.status, response.text).toBe(400);
    expect(response.body).toEqual({ statusCode: 400, data: null, error: "Malformed cookie dm_session: not valid percent-encoding" });
  });

  it("an alias fan-out past the 4 MiB document limit is refused as bad input, and the app answers after", async () => {
    const p = uniquePrefix("fanout");
    // 1 MiB of value, 600 aliases: about 600 MiB once expanded, in a 1 MiB request.
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${p}\ndata:\n  big: &big ${"x".repeat(1024 * 1024)}\nbinaryData: {}\nx-fanout: [${Array(600).fill("*big").join(", ")}]\n`;
    for (const path of ["/base_configs", "/base_configs/upload"]) {
      const response = await call(server, "POST", path, { form: { release_version: "9.0.0", base_config: text } });
      expect({ path, status: response.status }, response.text.slice(0, 300)).toEqual({ path, status: 400 });
      expect(String((response.body as Body).error)).toMatch(/expands to more than 4194304 bytes \(the document limit\) through aliases/);
    }
    const patch = await call(server, "POST", "/patches/apply", { form: { patch: `# target: ${p}\nmetadata:\n  annotations:\n    a: &a ${"y".repeat(512 * 1024)}\nx: [${Array(600).fill("*a").join(", ")}]\n` } });
    expect(patch.status, patch.text.slice(0, 300)).toBe(400);
    expect((await get(server, "/setup/status")).status).toBe(200);
  });
});

describe.runIf(inject("postgres"))("PostgreSQL outages", () => {
  let server: TestServer;
  const admin = (text: string) => sql(PG_ADMIN_URL, text);
  beforeAll(async () => {
    server = await startServer({ database: "postgres" });
    cleanups.push(() => server.destroy());
  });

  it("an async upload hit by a short outage is retried: SUCCESS, progress kept, every object golden", { timeout: 240_000 }, async () => {
    const url = server.databaseUrl!;
    const name = new URL(url).pathname.slice(1);
    const p = uniquePrefix("outage");
    const objects = Array.from({ length: 300 }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${p}-${i}\n  namespace: instabase\ndata:\n  k: "${i}"\n`);
    const queued = await call(server, "POST", "/base_configs/upload", { form: { release_version: "5.0.0", base_config: docs(...objects) } });
    expect(queued.status, queued.text).toBe(200);
    const id = String((queued.body as Body).data.RequestID);
    // The job is running: cut every connection for 1.5 s, again and again.
    await waitFor(async () => (await sql<{ status: string }>(url, `SELECT status FROM jobs WHERE id = $1::uuid`, [id]))[0]?.status === "RUNNING", 30_000, "the job to run");
    const until = Date.now() + 1_500;
    let cuts = 0;
    while (Date.now() < until) {
      const rows = await sql<{ n: string }>(url, `SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [name]);
      cuts += Number(rows[0]!.n);
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(cuts).toBeGreaterThan(0);
    const status = await waitFor(async () => {
      const r = await get(server, `/base_configs/upload/${id}`).catch(() => undefined);
      const s = (r?.body as Body | undefined)?.data?.status;
      return s === "SUCCESS" || s === "FAILED" ? r : undefined;
    }, 120_000, "the job to finish");
    expect((status!.body as Body).data.status, status!.text.slice(0, 500)).toBe("SUCCESS");
    // Retried in the run that met the outage, not by the 30 s recovery of a job left RUNNING.
    expect(Date.now() - until).toBeLessThan(25_000);
    expect(server.output()).toMatch(/\[jobs\] base_config_upload \S+: transient failure [\s\S]*?, retry 1 of 5\n/);
    const [job] = await sql<{ status: string; stage: string; error: string | null; objects: number }>(url, `SELECT status, result->>'stage' AS stage, error, jsonb_array_length(result->'objects') AS objects FROM jobs WHERE id = $1::uuid`, [id]);
    expect(job).toEqual({ status: "SUCCESS", stage: "stored", error: null, objects: 300 });
    const states = await sql<{ state: string; n: string }>(url, `SELECT DISTINCT ON (object_name) object_name, state FROM materialized_configs WHERE object_name LIKE $1 ORDER BY object_name, timestamp_ms DESC`, [`%/${p}-%`]);
    expect(states).toHaveLength(300);
    expect(states.filter((s) => s.state !== "IS_GOLDEN")).toEqual([]);
    expect((await sql<{ n: string }>(url, `SELECT count(*) AS n FROM base_configs WHERE release_version = '5.0.0'`))[0]!.n).toBe("300");
  });

  it("a database renamed away answers 500 `Database connection failed`, and the app recovers when it is back", { timeout: 120_000 }, async () => {
    const name = new URL(server.databaseUrl!).pathname.slice(1);
    const away = `${name}_away`;
    await admin(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`);
    try {
      await admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}'`);
      await admin(`ALTER DATABASE "${name}" RENAME TO "${away}"`);
      await admin(`ALTER DATABASE "${away}" ALLOW_CONNECTIONS true`);
      // Past the token cache, so the token check itself meets the missing database too.
      await new Promise((resolve) => setTimeout(resolve, TOKEN_CACHE_MS + 500));
      for (const route of ["/database/connection", "/configs", "/setup/status"]) {
        const failed = await call(server, "GET", route);
        expect({ route, status: failed.status, body: failed.body }).toEqual({ route, status: 500, body: { statusCode: 500, data: null, error: "Database connection failed" } });
      }
    } finally {
      await admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${away}'`).catch(() => undefined);
      await admin(`ALTER DATABASE "${away}" RENAME TO "${name}"`).catch(() => undefined);
    }
    await waitFor(async () => (await get(server, "/database/connection")).status === 200, 30_000, "database/connection 200 again");
  });
});
