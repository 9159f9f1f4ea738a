import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { TOKEN_CACHE_MS } from "@/lib/store/tokens";
import { waitFor } from "../support/cluster";
import { BAD_PLATFORM_DB_INPUT, configMap } from "../support/fixtures";
import { sql } from "../support/db";
import { call, get } from "../support/http";
import { PG_ADMIN_URL, createTestDatabase } from "../support/postgres";
import { type DatabaseKind, type TestServer, startServer } from "../support/server";

// State-changing lifecycles on fresh servers: Deployment Manager setup, platform tables, restarts.

const kinds: DatabaseKind[] = inject("postgres") ? ["pglite", "postgres"] : ["pglite"];

/** Statements run on the PostgreSQL server itself (maintenance database). */
async function admin(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

const platformTables = async (server: TestServer) =>
  (await sql<{ table_name: string }>(server, `SELECT table_name FROM information_schema.tables WHERE table_schema = 'ib_platform' ORDER BY table_name`)).map(
    (r) => r.table_name,
  );

/** Small enough that the 413 case need not send 64 MiB; a namespace of its own. */
const LIFECYCLE_ENV = { DM_MAX_BODY_BYTES: String(2 * 1024 * 1024), DM_NAMESPACE: "team-ns" };

/** Every setting and its default, as GET settings answers on a fresh server. */
const DEFAULT_SETTINGS = {
  isAIHubEnvironment: "false",
  isDocsEnabled: "false",
  isDocsFromWordpress: "true",
  isDogfoodEnvironment: "false",
  isProdEnvironment: "false",
  isSaasEnvironment: "false",
  isUATEnvironment: "false",
  obsAlertEmailAppPassword: "",
  obsAlertReceiverEmail: "",
  obsAlertSenderEmail: "",
  obsAlertSlackChannel: "",
  obsAlertSlackUrl: "",
  obsAlertSmtpServer: "",
};

/** Requests database/setup refuses before it reads its parameters. */
const BAD_REQUESTS: [string, { body: string; headers: Record<string, string> }, number, RegExp][] = [
  ["malformed JSON", { body: "{", headers: { "content-type": "application/json" } }, 400, /Malformed JSON/],
  ["a wrong content type", { body: "<a/>", headers: { "content-type": "application/xml" } }, 400, /Unsupported content type 'application\/xml'/],
  ["a body over the size limit", { body: "x".repeat(3 * 1024 * 1024), headers: { "content-type": "application/json" } }, 413, /larger than the limit/],
];

describe.each(kinds)("lifecycle on %s", (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ database: kind, env: LIFECYCLE_ENV });
  });
  afterAll(async () => {
    await server?.destroy();
  });

  it("GET settings on a fresh server answers exactly every setting with its default", async () => {
    expect((await get(server, "/settings")).body).toEqual({ statusCode: 200, data: { settings: DEFAULT_SETTINGS }, error: null });
  });

  it("GET deployments/namespace answers DM_NAMESPACE", async () => {
    expect((await get(server, "/deployments/namespace")).body).toEqual({ statusCode: 200, data: { namespace: "team-ns" }, error: null });
  });

  it("ignores X-Forwarded-Proto without trusted proxies (DM_TRUSTED_PROXY_HOPS=0): the session cookie is not Secure", async () => {
    const signIn = await call({ apiRoot: server.baseUrl, token: null }, "POST", "/api/console/session", {
      json: { token: server.token },
      headers: { origin: server.baseUrl, "x-forwarded-proto": "https" },
    });
    expect(signIn.status).toBe(200);
    expect(signIn.headers.get("set-cookie")).not.toMatch(/Secure/);
  });

  it("is not set up on a fresh database; GET setup sets it up, idempotently (GET and POST status)", async () => {
    expect((await get(server, "/setup/status")).body).toEqual({ isSetup: false });
    expect((await call(server, "POST", "/setup/status")).body).toEqual({ isSetup: false });
    const setup = await get(server, "/setup");
    expect(setup.status).toBe(200);
    expect(setup.body).toEqual({ status: "OK" });
    expect((await get(server, "/setup/status")).body).toEqual({ isSetup: true });
    expect((await get(server, "/setup")).body).toEqual({ status: "OK" });
    expect((await call(server, "POST", "/setup/status")).body).toEqual({ isSetup: true });
  });

  it("GET platform/version: null before any upload, then the newest release by number (23.07.10 > 23.07.9)", async () => {
    expect((await get(server, "/platform/version")).body).toEqual({ statusCode: 200, data: { release_version: null }, error: null });
    for (const release of ["23.07.10", "23.07.9"]) {
      const upload = await call(server, "POST", "/base_configs", { form: { release_version: release, base_config: configMap("version-probe") } });
      expect(upload.status, upload.text).toBe(200);
    }
    expect((await get(server, "/platform/version")).body).toEqual({ statusCode: 200, data: { release_version: "23.07.10" }, error: null });
  });

  it.each(BAD_PLATFORM_DB_INPUT)("database/setup refuses %s with 400 Invalid parameters and writes nothing", async (_, body, message) => {
    const response = await call(server, "POST", "/database/setup", { json: body });
    expect(response.status).toBe(400);
    expect((response.body as { error: string }).error).toMatch(/^Invalid parameters: /);
    expect((response.body as { error: string }).error).toMatch(message);
    // PGlite cannot be read while the server runs: the setup below proves nothing was written there.
    if (server.databaseUrl) expect(await platformTables(server)).toEqual([]);
  });

  it.each(BAD_REQUESTS)("database/setup refuses %s and writes nothing", async (_, request, status, message) => {
    const response = await call(server, "POST", "/database/setup", request);
    expect(response.status).toBe(status);
    expect(response.body).toEqual({ statusCode: status, data: null, error: expect.stringMatching(message) });
    if (server.databaseUrl) expect(await platformTables(server)).toEqual([]);
  });

  it("database/setup creates exactly the tables mock_ddl announced, once, even when called twice at once", async () => {
    const body = { create_admin_account: "true", admin_email: "root@example.com", admin_username: "root", enable_key_service: true, enable_repo_projects: "true" };
    const mock = (await call(server, "POST", "/database/mock_ddl", { json: body })).body as { ddls: string[] };
    const announced = mock.ddls
      .map((s) => /^CREATE TABLE ib_platform\.(\w+)/.exec(s)?.[1])
      .filter((t): t is string => Boolean(t))
      .sort();

    const both = await Promise.all([0, 1].map(() => call(server, "POST", "/database/setup", { json: body })));
    expect(both.map((r) => r.status).sort()).toEqual([200, 400]);
    expect(both.map((r) => r.body)).toContainEqual({ status: "OK" });
    expect(both.map((r) => r.body)).toContainEqual({ statusCode: 400, data: null, error: "Tables have already been set up" });

    const again = await call(server, "POST", "/database/setup", { json: body });
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({ error: "Tables have already been set up" });

    // PGlite is single-process: stop the server to read its data directory directly.
    if (!server.databaseUrl) await server.stop();
    expect(await platformTables(server)).toEqual(announced);
    expect(await sql(server, `SELECT username, email, is_admin FROM ib_platform.users ORDER BY id`)).toEqual([
      { username: "root", email: "root@example.com", is_admin: true },
    ]);
    // enable_repo_projects adds a column to the core's repos table (ALTER TABLE).
    const columns = `SELECT data_type FROM information_schema.columns WHERE table_schema = 'ib_platform' AND table_name = 'repos' AND column_name = 'project_id'`;
    expect(await sql(server, columns)).toEqual([{ data_type: "bigint" }]);
    if (!server.databaseUrl) {
      server = await startServer({ database: kind, dataDir: server.dataDir, token: server.token, env: LIFECYCLE_ENV });
      expect((await get(server, "/setup/status")).body).toEqual({ isSetup: true });
    }
  });

  it.runIf(kind === "postgres")("database/connection: 500 without internals while the database refuses connections, 200 again after", async () => {
    const name = new URL(server.databaseUrl!).pathname.slice(1);
    await admin(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`);
    try {
      await admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}'`);
      // Past the token cache, so the token check itself meets the refused connection too.
      await new Promise((resolve) => setTimeout(resolve, TOKEN_CACHE_MS + 500));
      const failed = await call(server, "GET", "/database/connection");
      expect(failed.status).toBe(500);
      expect(failed.body).toEqual({ statusCode: 500, data: null, error: "Database connection failed" });
    } finally {
      await admin(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`);
    }
    const back = await waitFor(async () => {
      const response = await get(server, "/database/connection");
      return response.status === 200 ? response : undefined;
    }, 30_000, "database/connection 200 again");
    expect(back.body).toMatchObject({ status: "OK", database: "postgres" });
  });
});

describe.each(kinds)("database/setup failing halfway on %s", (kind) => {
  let server: TestServer;
  let dropDatabase: (() => Promise<void>) | undefined;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "dm-it-rollback-"));
  // ib_platform.groups is the third table the core creates: organizations and users come first.
  const HAND_MADE = `CREATE SCHEMA ib_platform; CREATE TABLE ib_platform.groups (id INT)`;

  beforeAll(async () => {
    if (kind === "postgres") {
      const created = await createTestDatabase();
      dropDatabase = created.drop;
      const client = new pg.Client({ connectionString: created.url });
      await client.connect();
      await client.query(HAND_MADE).finally(() => client.end());
      server = await startServer({ database: kind, databaseUrl: created.url, dataDir });
    } else {
      const db = new PGlite(`${dataDir}/pglite`);
      await db.exec(HAND_MADE);
      await db.close();
      server = await startServer({ database: kind, dataDir });
    }
  });
  afterAll(async () => {
    await server?.destroy();
    await dropDatabase?.();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("rolls back every statement: 500 without internals, the tables created before the failure do not exist", async () => {
    const response = await call(server, "POST", "/database/setup", { json: { create_admin_account: false } });
    expect(response.status).toBe(500);
    expect(response.body).toEqual({ statusCode: 500, data: null, error: "Internal server error" });
    if (!server.databaseUrl) await server.stop();
    expect(await platformTables(server)).toEqual(["groups"]);
  });
});

describe("bootstrap token without DM_API_TOKEN (PGlite)", () => {
  let server: TestServer;
  afterAll(async () => {
    await server?.destroy();
  });

  it("is generated once, stored with mode 0600, printed once, and survives a restart", async () => {
    server = await startServer({ database: "pglite", token: null });
    const file = `${server.dataDir}/api-token`;
    const token = fs.readFileSync(file, "utf8").trim();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(server.output()).toContain(token);
    expect(server.output()).toMatch(/Console: http:\/\/localhost:\d+/);

    const target = { apiRoot: server.apiRoot, token };
    expect((await get(target, "/setup/status")).status).toBe(200);

    await server.stop();
    const dataDir = server.dataDir;
    server = await startServer({ database: "pglite", token: null, dataDir });
    expect(server.output()).not.toContain(token);
    expect((await get({ apiRoot: server.apiRoot, token }, "/setup/status")).status).toBe(200);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
});
