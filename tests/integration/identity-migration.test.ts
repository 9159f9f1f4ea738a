import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { sql, sqlScript } from "../support/db";
import { configMap, deployment, docs, secret, service } from "../support/fixtures";
import { type ApiResponse, call, get } from "../support/http";
import { type DatabaseKind, type TestServer, startServer } from "../support/server";

// A store written before objects had an identity (object_name = metadata.name, no identity
// columns, patches and bindings naming objects by bare name) is migrated in place at start-up and
// keeps working: reads, patches by bare name, labels, Secrets (decrypted to read their identity).

const kinds: DatabaseKind[] = inject("postgres") ? ["pglite", "postgres"] : ["pglite"];
type Body = Record<string, unknown>;
const dataOf = (r: ApiResponse) => (r.body as Body).data as Body;

/** What the schema and data looked like before the object_identity migration. */
const TO_OLD_STORE = `
  UPDATE label_bindings SET object_name = regexp_replace(object_name, '^.*/', '');
  UPDATE patches SET target = regexp_replace(target, '^.*/', '') WHERE target LIKE '%/%';
  UPDATE materialized_configs SET object_name = regexp_replace(object_name, '^.*/', '');
  UPDATE base_configs SET object_name = name;
  DROP INDEX base_configs_name_idx;
  ALTER TABLE base_configs DROP COLUMN api_group, DROP COLUMN namespace, DROP COLUMN name;
  DELETE FROM _prisma_migrations WHERE migration_name LIKE '%_object_identity';
`;

describe.each(kinds)("an old store on %s", (kind) => {
  let server: TestServer;
  let first: TestServer | undefined;
  const label = "edge";
  beforeAll(async () => {
    server = await startServer({ database: kind });
    expect((await get(server, "/setup")).status).toBe(200);
    const upload = await call(server, "POST", "/base_configs", {
      form: { release_version: "22.1.0", base_config: docs(deployment("api", { namespace: "instabase" }), service("api-svc", "api"), configMap("hot"), secret("creds", "old-s3cret")) },
    });
    expect(upload.status, upload.text).toBe(200);
    expect((await call(server, "POST", "/patches/apply", { form: { patch: "# target: api\nspec: {replicas: 2}\n" } })).status).toBe(200);
    expect((await call(server, "POST", "/resource_labels/binding", { form: { label, object_name: "hot" } })).status).toBe(200);
    expect((await call(server, "POST", "/patches/apply", { form: { patch: `# target: ${label}\ndata: {EXTRA: "1"}\n` } })).status).toBe(200);
    await server.stop();
    await sqlScript(server, TO_OLD_STORE);
    expect(await sql(server, `SELECT object_name FROM base_configs ORDER BY object_name`)).toEqual([{ object_name: "api" }, { object_name: "api-svc" }, { object_name: "creds" }, { object_name: "hot" }]);
    first = server;
    server = await startServer({ database: kind, dataDir: first.dataDir, databaseUrl: first.databaseUrl ?? undefined, token: first.token });
  }, 240_000);
  afterAll(async () => {
    await server?.stop();
    await first?.destroy();
  });

  it("gives every object its identity and renames it everywhere, keeping every row", async () => {
    expect(server.output()).toContain("gave 4 stored base config(s) their object identity");
    const configs = ((await get(server, "/configs")).body as { configs: Body[] }).configs;
    expect(configs.map((c) => [c.objectName, c.kind, c.namespace]).sort()).toEqual([
      ["api", "Deployment", "instabase"],
      ["api-svc", "Service", "instabase"],
      ["creds", "Secret", "instabase"],
      ["hot", "ConfigMap", "instabase"],
    ]);
    expect(String(configs.find((c) => c.objectName === "hot")!.config)).toContain("EXTRA:");
    const patches = (dataOf(await get(server, "/patches")).patches as Body[]).map((p) => p.target);
    expect(patches).toEqual(["api", label]);
    expect((await get(server, "/resource_labels/objects/edge?must_exist=true")).text).toContain("hot");
  });

  it("keeps working: reads by bare name, new patches, a new release", async () => {
    const api = await get(server, "/configs/api");
    expect(api.status, api.text).toBe(200);
    expect(String((api.body as Body).config)).toContain("replicas: 2");
    expect((await get(server, "/configs/creds")).text).not.toContain("old-s3cret");
    const patched = await call(server, "POST", "/patches/apply", { form: { patch: "# target: api\nspec: {replicas: 3}\n" } });
    expect(patched.status, patched.text).toBe(200);
    expect(dataOf(patched).successful_apply).toEqual(["api"]);
    const next = await call(server, "POST", "/base_configs", { form: { release_version: "22.2.0", base_config: docs(deployment("api", { namespace: "instabase" }), configMap("hot"), service("api", "api")) } });
    expect(next.status, next.text).toBe(200);
    // The old patches stay on the Deployment now that a Service shares its name.
    const config = await get(server, `/configs/deployment/api`);
    expect(config.status, config.text).toBe(200);
    expect(String((config.body as Body).config)).toContain("replicas: 3");
    expect((await get(server, "/configs/api")).status).toBe(409);
    expect((await get(server, "/configs/service/api")).status).toBe(200);
  });
});
