import { execFile } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { kubectlJson, waitFor } from "../support/cluster";
import { deployment } from "../support/fixtures";
import { call, get } from "../support/http";
import { createTestDatabase } from "../support/postgres";
import { type DatabaseKind, type TestServer, startServer } from "../support/server";

// Tests that need a server of their own: global transforms (they change every object) driven by
// the reference's Python snippets, and a job interrupted by a restart.

describe("the reference's Python snippets against a running app (PGlite)", () => {
  let server: TestServer;
  afterAll(async () => {
    await server?.destroy();
  });

  it("work as written, including namespace and registry transforms", { timeout: 240_000 }, async () => {
    server = await startServer({ database: "pglite" });
    const script = path.join(import.meta.dirname, "python", "reference_snippets.py");
    const { stdout } = await promisify(execFile)("python3", [script, server.apiRoot, server.token!, "py", path.join(os.tmpdir(), `dm-patch-${process.pid}.yml`)], { timeout: 120_000 });
    const out = JSON.parse(stdout) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(out.setup).toEqual({ status: "OK" });
    expect(out.status).toEqual({ isSetup: true });
    expect(out.base_configs).toEqual({ data: { successful_apply: ["py-core"] }, statusCode: 200, error: null });
    expect(out.object_versions).toEqual({ versions: ["21.0.12"] });
    expect(out.apply.data.successful_apply).toEqual(["py-core"]);
    expect(out.apply_file.data.successful_apply).toEqual(["py-core"]);
    expect(out.patches.data.patches).toHaveLength(2);
    expect(out.object_patches.data.patches).toHaveLength(2);
    expect(out.config.config).toContain("replicas: 2");
    expect(out.config.config).toContain("owner: team-a");
    expect(out.binding.data.successful_apply).toEqual(["py-core"]);
    expect(out.label_objects).toEqual({ objects: ["py-core"] });
    expect(out.object_labels).toEqual({ labels: ["Deployment", "database", "grpc"] });
    expect(out.labels.data.labels).toEqual(expect.arrayContaining(["database", "grpc", "Deployment"]));
    expect(out.delete_binding_status).toBe(200);
    expect(out.update_defaults_status).toBe(200);
    expect(out.namespace.data.successful_apply).toEqual(["py-core"]);
    expect(out.registry.data.successful_apply).toEqual(["py-core"]);
    expect(out.config_after_transforms.config).toContain("namespace: py-ns");
    expect(out.config_after_transforms.config).toContain("image: registry.example.com/mirror/core:1.0");
    expect(out.delete.data.successful_apply).toEqual(["py-core"]);
    expect(out.config_after_delete.config).toContain("image: gcr.io/instabase-public/core:1.0");
    expect(out.config_after_delete.config).toContain("namespace: py-ns");
    expect(out.connection_status).toBe(200);
    expect(out.mock_ddl).toBeGreaterThan(5);
    const moved = await kubectlJson(server.dataDir, ["get", "deployment", "py-core", "-n", "py-ns"]);
    expect(moved).toMatchObject({ metadata: { name: "py-core", namespace: "py-ns" } });
  });
});

const databases: DatabaseKind[] = inject("postgres") ? ["pglite", "postgres"] : ["pglite"];

describe.each(databases)("namespace and registry transforms on %s", (database) => {
  let server: TestServer;
  afterAll(async () => {
    await server?.destroy();
  });

  it("set every object's namespace and image registry, are listed as patches, and are removable", { timeout: 180_000 }, async () => {
    server = await startServer({ database });
    expect((await get(server, "/setup")).status).toBe(200);
    const uploaded = await call(server, "POST", "/base_configs", { form: { release_version: "1.0.0", base_config: deployment("tr-core") } });
    expect(uploaded.status, uploaded.text).toBe(200);
    const config = async () => String(((await get(server, "/configs/tr-core")).body as { config: string }).config);
    const namespace = await call(server, "POST", "/patches/namespace", { json: { namespace: "tr-ns" } });
    expect(namespace.status, namespace.text).toBe(200);
    expect((namespace.body as { data: unknown }).data).toEqual({ successful_apply: ["tr-core"] });
    const registry = await call(server, "POST", "/patches/registry", { form: { registry: "mirror.example.com/ib" } });
    expect(registry.status, registry.text).toBe(200);
    expect(await config()).toContain("namespace: tr-ns");
    expect(await config()).toContain("image: mirror.example.com/ib/tr-core:1.0");
    const moved = await kubectlJson<{ spec: { template: { spec: { containers: { image: string }[] } } } }>(server.dataDir, ["get", "deployment", "tr-core", "-n", "tr-ns"]);
    expect(moved.spec.template.spec.containers[0]!.image).toBe("mirror.example.com/ib/tr-core:1.0");
    const patches = ((await get(server, "/patches")).body as { data: { patches: { version: number; target: string; metadata: string }[] } }).data.patches;
    expect(patches.map((x) => [x.target, JSON.parse(x.metadata).format])).toEqual([["*", "NAMESPACE"], ["*", "REGISTRY"]]);
    for (const patch of patches) expect((await call(server, "DELETE", `/patches/${patch.version}`)).status).toBe(200);
    expect(await config()).toContain("namespace: instabase");
    expect(await config()).toContain("image: gcr.io/ib/tr-core:1.0");
  });
});

describe.runIf(inject("postgres"))("an upload job interrupted by a restart (PostgreSQL)", () => {
  let server: TestServer | undefined;
  afterAll(async () => {
    await server?.destroy();
  });

  it("is claimed again after the restart and finishes, never stuck", async () => {
    const db = await createTestDatabase("dm_jobs");
    server = await startServer({ database: "postgres", databaseUrl: db.url });
    await server.stop();
    // What a crash leaves behind: a RUNNING job whose worker is gone (no heartbeat for minutes).
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const [row] = (
      await client.query(
        `INSERT INTO jobs (id, type, status, input, attempts, locked_by, locked_at, started_at)
         VALUES (gen_random_uuid(), 'base_config_upload', 'RUNNING', $1, 1, 'worker-gone', now() - interval '5 minutes', now() - interval '5 minutes')
         RETURNING id::text AS id`,
        [JSON.stringify({ releaseVersion: "30.1.0", documents: deployment("crash-survivor"), uploadedBy: null })],
      )
    ).rows as { id: string }[];
    await client.end();
    server = await startServer({ database: "postgres", databaseUrl: db.url, dataDir: server.dataDir, token: server.token });
    const done = await waitFor(async () => {
      const status = await get(server!, `/base_configs/upload/${row!.id}`);
      return (status.body as { data: { status: string } }).data.status === "SUCCESS" ? status : undefined;
    }, 60_000, "the recovered job");
    expect((done.body as { data: unknown }).data).toEqual({ status: "SUCCESS", successful_apply: ["crash-survivor"] });
    const destroy = server.destroy;
    server.destroy = async () => {
      await destroy();
      await db.drop();
    };
  });
});
