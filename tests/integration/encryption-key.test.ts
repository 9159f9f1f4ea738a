import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { sql, sqlScript } from "../support/db";
import { configMap, docs, secret, uniquePrefix } from "../support/fixtures";
import { call, get } from "../support/http";
import { createTestDatabase } from "../support/postgres";
import { type TestServer, runServerToExit, startServer } from "../support/server";

// Secret configs on PostgreSQL survive replicas and restarts (issue 14, item 1): every replica must
// be given the same DM_ENCRYPTION_KEY, one with another key refuses to start (the database keeps the
// key's fingerprint), a key is rotated with DM_ENCRYPTION_KEY_PREVIOUS and `npm run
// encryption:reseal`, and one row no key opens is reported for its object while the lists are served.

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const OLD_KEY = "the-old-encryption-key-of-this-test-0123456789";
const NEW_KEY = "the-new-encryption-key-of-this-test-9876543210";

type Listed = { object_name?: string; objectName?: string; config: string; error?: string };

describe.skipIf(!inject("postgres"))("the encryption key on PostgreSQL", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  const dataDirs: string[] = [];
  let server: TestServer | undefined;
  const token = `it-token-keys-${Date.now()}-0123456789`;
  const p = uniquePrefix("keys");
  const [secretA, secretB, plain] = [`${p}-secret-a`, `${p}-secret-b`, `${p}-cm`];

  const start = async (env: Record<string, string>) => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "dm-keys-"));
    dataDirs.push(dataDir);
    server = await startServer({ database: "postgres", databaseUrl: database.url, dataDir, token, env });
    return server;
  };
  const startFails = (env: Record<string, string>) => runServerToExit({ DATABASE_URL: database.url, DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "dm-keys-")), DM_API_TOKEN: token, ...env });
  const reseal = (env: Record<string, string>) =>
    spawnSync("npm", ["run", "--silent", "encryption:reseal"], { cwd: ROOT, env: { ...process.env, DATABASE_URL: database.url, DM_ENCRYPTION_KEY_PREVIOUS: "", ...env }, encoding: "utf8", timeout: 120_000 });

  beforeAll(async () => {
    database = await createTestDatabase("dm_keys");
    const first = await start({ DM_ENCRYPTION_KEY: OLD_KEY });
    const upload = await call(first, "POST", "/base_configs", { form: { release_version: "1.0.0", base_config: docs(secret(secretA, "hunter2-a"), configMap(plain)) } });
    expect(upload.status, upload.text).toBe(200);
    await first.stop();
  }, 180_000);

  afterAll(async () => {
    await server?.stop();
    await database?.drop();
    for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("a replica without the key, or with another one, refuses to start in one line naming DM_ENCRYPTION_KEY", { timeout: 120_000 }, async () => {
    const none = await startFails({ DM_ENCRYPTION_KEY: "" });
    expect(none.status).toBe(1);
    expect(none.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^\[deployment-manager\] Invalid configuration: DM_ENCRYPTION_KEY: required with DATABASE_URL/)]);
    const wrong = await startFails({ DM_ENCRYPTION_KEY: NEW_KEY });
    expect(wrong.status).toBe(1);
    expect(wrong.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^\[deployment-manager\] DM_ENCRYPTION_KEY: not the key this database's Secret configs are sealed with \(its fingerprint is [0-9a-f]{16}, the database's is [0-9a-f]{16}\)/)]);
    expect(wrong.output).not.toContain(NEW_KEY);
  });

  it("rotation: old and new keys are both read, encryption:reseal re-seals every row, then the new key alone serves everything", { timeout: 300_000 }, async () => {
    const rotating = await start({ DM_ENCRYPTION_KEY: NEW_KEY, DM_ENCRYPTION_KEY_PREVIOUS: OLD_KEY });
    const sealedBefore = await sql<{ config: string }>(rotating, `SELECT config FROM base_configs WHERE name = '${secretA}'`);
    expect(sealedBefore[0]!.config).toMatch(/^enc:v1:/);
    const old = await get(rotating, `/configs/${secretA}`);
    expect(old.status, old.text).toBe(200);
    expect(old.text).not.toContain("cannot be decrypted");
    const upload = await call(rotating, "POST", "/base_configs", { form: { release_version: "1.0.1", base_config: secret(secretB, "hunter2-b") } });
    expect(upload.status, upload.text).toBe(200);

    // Until the rows are re-sealed the database still expects the old key.
    const tooEarly = await startFails({ DM_ENCRYPTION_KEY: NEW_KEY });
    expect(tooEarly.status).toBe(1);
    expect(tooEarly.stderr).toMatch(/DM_ENCRYPTION_KEY: not the key/);

    const resealed = reseal({ DM_ENCRYPTION_KEY: NEW_KEY, DM_ENCRYPTION_KEY_PREVIOUS: OLD_KEY });
    expect(resealed.status, resealed.stdout + resealed.stderr).toBe(0);
    expect(resealed.stdout).toMatch(/re-sealed with DM_ENCRYPTION_KEY: base_configs [1-9]\d*, materialized_configs [1-9]\d*/);
    expect(resealed.stdout).toContain("DM_ENCRYPTION_KEY_PREVIOUS can now be removed");
    const sealedAfter = await sql<{ config: string }>(rotating, `SELECT config FROM base_configs WHERE name = '${secretA}'`);
    expect(sealedAfter[0]!.config).toMatch(/^enc:v1:/);
    expect(sealedAfter[0]!.config).not.toBe(sealedBefore[0]!.config);
    await rotating.stop();

    const rotated = await start({ DM_ENCRYPTION_KEY: NEW_KEY });
    for (const name of [secretA, secretB]) {
      const response = await get(rotated, `/configs/${name}`);
      expect(response.status, response.text).toBe(200);
      expect(response.text).not.toContain("cannot be decrypted");
    }
    // The old key alone is now the wrong one.
    const oldOnly = await startFails({ DM_ENCRYPTION_KEY: OLD_KEY });
    expect(oldOnly.status).toBe(1);
    expect(oldOnly.stderr).toMatch(/DM_ENCRYPTION_KEY: not the key/);
  });

  it("one row sealed with an unknown key is reported for its object; GET base_configs, configs and configs/OBJECT still answer 200", { timeout: 120_000 }, async () => {
    const target = server!;
    // Ciphertext no key opens: the GCM tag fails, as for a row written with a lost per-pod key.
    const garbage = `'enc:v1:' || encode(sha256('iv-and-tag'::bytea) || sha256('body'::bytea), 'base64')`;
    await sqlScript(target, `UPDATE base_configs SET config = ${garbage} WHERE name = '${secretA}'; UPDATE materialized_configs SET config = ${garbage} WHERE object_name LIKE '%${secretA}%';`);

    const bases = await get(target, "/base_configs");
    expect(bases.status, bases.text).toBe(200);
    const baseList = (bases.body as { data: { baseConfigs: Listed[] } }).data.baseConfigs;
    expect(baseList.find((row) => row.object_name === secretA)).toMatchObject({ config: "", error: expect.stringMatching(/cannot be decrypted with DM_ENCRYPTION_KEY/) });
    expect(baseList.find((row) => row.object_name === plain)).toMatchObject({ config: expect.stringContaining("base-hot-config") });
    expect(baseList.find((row) => row.object_name === secretB)?.error).toBeUndefined();

    const configs = await get(target, "/configs");
    expect(configs.status, configs.text).toBe(200);
    expect(configs.text).toContain("cannot be decrypted with DM_ENCRYPTION_KEY");
    expect(configs.text).toContain("base-hot-config");

    const one = await get(target, `/configs/${secretA}`);
    expect(one.status, one.text).toBe(200);
    expect(one.text).toContain("cannot be decrypted with DM_ENCRYPTION_KEY");
    expect((await get(target, `/configs/${secretB}`)).status).toBe(200);
  });
});
