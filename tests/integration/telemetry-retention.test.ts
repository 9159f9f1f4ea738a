import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { waitFor } from "../support/cluster";
import { deployment } from "../support/fixtures";
import { call, get } from "../support/http";
import { createTestDatabase } from "../support/postgres";
import { type TestServer, startServer } from "../support/server";

type Envelope<T> = { statusCode: number; data: T; error: string | null };
type Job = { id: string; job_status: string; request: { label: string; zip_file_path: string }; error?: string };

const SERVICE = "deployment-retention";
const window = () => ({ start: new Date(Date.now() - 60_000).toISOString(), end: new Date().toISOString() });
const exportConfigs = (server: TestServer, label: string) =>
  call(server, "POST", "/obs/telescope/export", { json: { services: [SERVICE], data_sources: ["CONFIGS"], ...window(), label } });
const uploadService = async (server: TestServer) =>
  expect((await call(server, "POST", "/base_configs", { form: { release_version: "1.0.0", base_config: deployment(SERVICE, { replicas: 0 }) } })).status).toBe(200);
const finished = (server: TestServer, kind: "export" | "import", id: string) =>
  waitFor(async () => {
    const job = ((await get(server, `/obs/telescope/${kind}/${id}/status`)).body as Envelope<Job>).data;
    return job.job_status === "SUCCESS" || job.job_status === "FAILED" ? job : null;
  }, 60_000, `${kind} ${id} finished`);

// DM_TELEMETRY_RETENTION_HOURS=0.01: finished exports and imports go after 36 s, files and job rows.
describe("telemetry retention (PGlite)", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer({ database: "pglite", env: { DM_TELEMETRY_RETENTION_HOURS: "0.01" } });
    await uploadService(server);
  });

  afterAll(async () => {
    await server?.destroy();
  });

  it("deletes an export's zip and an import's upload and unpacked dir with their job rows once they are older than the retention", { timeout: 240_000 }, async () => {
    const created = await exportConfigs(server, "retention");
    expect(created.status, created.text).toBe(200);
    const exportId = (created.body as Envelope<Job>).data.id;
    expect((await finished(server, "export", exportId)).job_status).toBe("SUCCESS");
    const zipFile = path.join(server.dataDir, "telescope", `${exportId}.zip`);
    const response = await fetch(`${server.apiRoot}/obs/telescope/export/${exportId}/download`, { headers: { Token: server.token! } });
    expect(response.status).toBe(200);
    const form = new FormData();
    form.append("file", new Blob([await response.arrayBuffer()]), "telescope.zip");
    const imported = await call(server, "POST", "/obs/telescope/import", { body: form });
    expect(imported.status, imported.text).toBe(200);
    const importId = (imported.body as Envelope<Job>).data.id;
    const upload = (await finished(server, "import", importId)).request.zip_file_path;
    const unpacked = path.join(server.dataDir, "telescope", "imports", importId);
    for (const file of [zipFile, upload, unpacked]) expect(fs.existsSync(file), file).toBe(true);

    const gone = await waitFor(async () => {
      const status = await get(server, `/obs/telescope/import/${importId}/status`);
      return status.status === 404 ? status : null;
    }, 180_000, "the import expired");
    expect((gone.body as Envelope<null>).error).toMatch(/^No telemetry import with id '.*' \(finished imports are deleted after DM_TELEMETRY_RETENTION_HOURS\)$/);
    const exportStatus = await get(server, `/obs/telescope/export/${exportId}/status`);
    expect(exportStatus.status).toBe(404);
    expect((exportStatus.body as Envelope<null>).error).toMatch(/finished exports are deleted after DM_TELEMETRY_RETENTION_HOURS/);
    expect((await get(server, `/obs/telescope/export/${exportId}/download`)).status).toBe(404);
    for (const file of [zipFile, upload, unpacked]) expect(fs.existsSync(file), file).toBe(false);
    const jobs = ((await get(server, "/obs/telescope/jobs")).body as Envelope<{ exports: Job[]; imports: Job[] }>).data;
    expect([...jobs.exports, ...jobs.imports].map((j) => j.id)).not.toEqual(expect.arrayContaining([exportId]));
    expect(jobs.imports.map((j) => j.id)).not.toContain(importId);
  });
});

// Two app replicas on one PostgreSQL: exports asked for at once, with one label, get different labels.
describe.runIf(inject("postgres"))("unique export labels across replicas (PostgreSQL)", () => {
  let a: TestServer;
  let b: TestServer;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const db = await createTestDatabase("dm_labels");
    drop = db.drop;
    const shared = { DM_ENCRYPTION_KEY: "label-replicas-share-this-key-0123456789" };
    a = await startServer({ database: "postgres", databaseUrl: db.url, token: "label-replicas-token-0123", env: shared });
    b = await startServer({ database: "postgres", databaseUrl: db.url, token: "label-replicas-token-0123", env: shared });
    await uploadService(a);
  });

  afterAll(async () => {
    await b?.destroy();
    await a?.destroy();
    await drop?.();
  });

  it("gives each of 40 simultaneous exports labelled 'same' (20 per replica) its own label-<epoch ms>", async () => {
    const responses = await Promise.all(Array.from({ length: 40 }, (_, i) => exportConfigs(i % 2 ? a : b, "same")));
    const labels = responses.map((r) => {
      expect(r.status, r.text).toBe(200);
      return (r.body as Envelope<Job>).data.request.label;
    });
    for (const label of labels) expect(label).toMatch(/^same-\d{13}$/);
    expect(new Set(labels).size).toBe(40);
  });
});
