import fs from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { call, get } from "../support/http";
import { type DatabaseKind, type TestServer, startServer } from "../support/server";

// State-changing lifecycles on fresh servers: Deployment Manager setup, platform tables, restarts.

const kinds: DatabaseKind[] = inject("postgres") ? ["pglite", "postgres"] : ["pglite"];

/** The platform tables that exist in the server's database (read directly, not through the app). */
async function platformTables(server: TestServer): Promise<string[]> {
  const sql = `SELECT table_name FROM information_schema.tables WHERE table_schema = 'ib_platform' ORDER BY table_name`;
  if (server.databaseUrl) {
    const client = new pg.Client({ connectionString: server.databaseUrl });
    await client.connect();
    try {
      return (await client.query<{ table_name: string }>(sql)).rows.map((r) => r.table_name);
    } finally {
      await client.end();
    }
  }
  const db = new PGlite(`${server.dataDir}/pglite`);
  try {
    return (await db.query<{ table_name: string }>(sql)).rows.map((r) => r.table_name);
  } finally {
    await db.close();
  }
}

async function adminUsers(server: TestServer): Promise<{ username: string; email: string; is_admin: boolean }[]> {
  const sql = `SELECT username, email, is_admin FROM ib_platform.users ORDER BY id`;
  if (server.databaseUrl) {
    const client = new pg.Client({ connectionString: server.databaseUrl });
    await client.connect();
    try {
      return (await client.query(sql)).rows;
    } finally {
      await client.end();
    }
  }
  const db = new PGlite(`${server.dataDir}/pglite`);
  try {
    return (await db.query<{ username: string; email: string; is_admin: boolean }>(sql)).rows;
  } finally {
    await db.close();
  }
}

describe.each(kinds)("lifecycle on %s", (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ database: kind });
  });
  afterAll(async () => {
    await server?.destroy();
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

  it("a refused database/setup writes nothing", async () => {
    const bad = await call(server, "POST", "/database/setup", { json: { create_admin_account: "true" } });
    expect(bad.status).toBe(400);
    const malformed = await call(server, "POST", "/database/setup", { body: "{", headers: { "content-type": "application/json" } });
    expect(malformed.status).toBe(400);
    const before = await call(server, "POST", "/database/mock_ddl", { json: { create_admin_account: false } });
    expect(before.status).toBe(200);
    if (server.databaseUrl) expect(await platformTables(server)).toEqual([]);
  });

  it("database/setup creates exactly the tables mock_ddl announced, once", async () => {
    const body = { create_admin_account: "true", admin_email: "root@example.com", admin_username: "root", enable_key_service: true, enable_repo_projects: "true" };
    const mock = (await call(server, "POST", "/database/mock_ddl", { json: body })).body as { ddls: string[] };
    const announced = mock.ddls
      .map((s) => /^CREATE TABLE ib_platform\.(\w+)/.exec(s)?.[1])
      .filter((t): t is string => Boolean(t))
      .sort();

    const setup = await call(server, "POST", "/database/setup", { json: body });
    expect(setup.status).toBe(200);
    expect(setup.body).toEqual({ status: "OK" });

    const again = await call(server, "POST", "/database/setup", { json: body });
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({ error: "Tables have already been set up" });

    if (server.databaseUrl) {
      expect(await platformTables(server)).toEqual(announced);
      expect(await adminUsers(server)).toEqual([{ username: "root", email: "root@example.com", is_admin: true }]);
    } else {
      // PGlite is single-process: stop the server to read its data directory directly.
      await server.stop();
      expect(await platformTables(server)).toEqual(announced);
      expect(await adminUsers(server)).toEqual([{ username: "root", email: "root@example.com", is_admin: true }]);
      server = await startServer({ database: kind, dataDir: server.dataDir, token: server.token });
      expect((await get(server, "/setup/status")).body).toEqual({ isSetup: true });
    }
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
