import pg from "pg";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { kubectlJson, waitFor } from "../support/cluster";
import { configMap, deployment, docs, form, secret, service, tarGz, uniquePrefix, zip } from "../support/fixtures";
import { type ApiResponse, call, get } from "../support/http";

// The config store over real HTTP on PGlite and PostgreSQL, with the in-process simulated cluster.

type Body = Record<string, unknown>;
const bodyOf = (r: ApiResponse) => r.body as Body;
const dataOf = (r: ApiResponse) => bodyOf(r).data as Body;
const errorOf = (r: ApiResponse) => String(bodyOf(r).error);

type Deployment = { spec: { replicas: number; template: { spec: { containers: { name: string; image: string; env?: { name: string; value: string }[] }[] } } }; status?: { readyReplicas?: number } };

describe.each(inject("servers"))("config store on $name", (server) => {
  const p = uniquePrefix(`cs${server.name.slice(0, 2)}`);
  const api = `${p}-api`;
  const web = `${p}-web`;
  const svc = `${p}-svc`;
  const hot = `${p}-hot`;
  const creds = `${p}-creds`;
  const release = "23.07.1";
  const live = (name: string) => kubectlJson<Deployment>(server.dataDir, ["get", "deployment", name, "-n", "instabase"]);
  const envOf = async (name: string) => Object.fromEntries(((await live(name)).spec.template.spec.containers[0]!.env ?? []).map((e) => [e.name, e.value]));
  const applyPatch = (patch: string, extra: Record<string, string> = {}) => call(server, "POST", "/patches/apply", { form: { patch, ...extra } });
  const patchVersions = async () => ((dataOf(await get(server, "/patches")).patches as { version: number }[]).map((x) => x.version));
  const patchesOf = async (name: string) => dataOf(await get(server, `/patches/${name}`)).patches as Body[];
  const form2 = (fields: [string, string][]) => ({ body: new URLSearchParams(fields).toString(), headers: { "content-type": "application/x-www-form-urlencoded" } });
  const uploadObjects = async (...objects: string[]) => {
    const upload = await call(server, "POST", "/base_configs", { form: { release_version: release, base_config: docs(...objects) } });
    expect(upload.status, upload.text).toBe(200);
    return upload;
  };
  /** Rows of a query on the server's PostgreSQL database (the PostgreSQL variant only). */
  const sql = async <R>(text: string, params: unknown[] = []): Promise<R[]> => {
    const client = new pg.Client({ connectionString: server.databaseUrl! });
    await client.connect();
    try {
      return (await client.query(text, params)).rows as R[];
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    expect((await get(server, "/setup")).status).toBe(200);
    const upload = await call(server, "POST", "/base_configs", {
      form: { release_version: release, base_config: docs(deployment(api, { replicas: 2 }), deployment(web), service(svc, api), configMap(hot), secret(creds, "s3cr3t-Value")) },
    });
    expect(upload.status, upload.text).toBe(200);
  });

  it("a release upload stores golden configs and makes the pods run in the cluster", async () => {
    const config = await get(server, `/configs/${api}`);
    expect(config.status).toBe(200);
    expect(bodyOf(config)).toMatchObject({ objectName: api, releaseVersion: release, patchVersion: 0, state: "IS_GOLDEN", previousReleaseVersion: "" });
    expect(JSON.parse(String(bodyOf(config).metadata))).toMatchObject({ type: "Deployment", isEncrypted: false });
    const ready = await waitFor(async () => {
      const d = await live(api);
      return d.status?.readyReplicas === 2 ? d : undefined;
    }, 30_000, "2 ready replicas");
    expect(ready.spec.replicas).toBe(2);
    const pods = await kubectlJson(server.dataDir, ["get", "pods", "-n", "instabase", "-l", `app=${api}`]);
    expect(pods.items).toHaveLength(2);
  });

  it("lists base configs, versions, containers and the upgrade history", async () => {
    const list = await get(server, `/base_configs?object=${api}`);
    expect((dataOf(list).baseConfigs as Body[])[0]).toMatchObject({ object_name: api, version: release, previous_version: "", state: "ACTIVE" });
    const versions = bodyOf(await get(server, "/base_configs/versions")).baseConfigVersions as { objectName: string; Versions: string[] }[];
    expect(versions.find((v) => v.objectName === api)?.Versions).toEqual([release]);
    expect(bodyOf(await get(server, `/base_configs/${api}/versions`))).toEqual({ versions: [release] });
    expect(bodyOf(await get(server, `/base_configs/${api}/containers`))).toEqual({ statusCode: 200, data: ["main", "sidecar"], error: null });
    const history = dataOf(await get(server, "/base_configs/history?limit=50&offset=0")).upgrades as Body[];
    expect(history.find((h) => h.version === release)).toMatchObject({ creators: ["bootstrap"], createdAtTimestampMS: expect.any(Number) });
    expect((await get(server, "/base_configs/history?limit=abc")).status).toBe(400);
    expect((await get(server, `/base_configs/${p}-missing/versions`)).status).toBe(404);
  });

  it("keeps Secret values out of every answer but applies them to the cluster; stored encrypted", async () => {
    const config = await get(server, `/configs/${creds}`);
    expect(String(bodyOf(config).config)).toMatch(/password: <redacted len=12 sha256=[0-9a-f]{8}>/);
    expect(config.text).not.toContain("s3cr3t-Value");
    expect((await get(server, `/base_configs?object=${creds}`)).text).not.toContain("s3cr3t-Value");
    const live = await kubectlJson<{ data: Record<string, string> }>(server.dataDir, ["get", "secret", creds, "-n", "instabase"]);
    expect(Buffer.from(live.data.password!, "base64").toString()).toBe("s3cr3t-Value");
    if (server.databaseUrl) {
      const rows = await sql<{ config: string }>(`SELECT config FROM base_configs WHERE object_name = $1 UNION ALL SELECT config FROM materialized_configs WHERE object_name = $1`, [`instabase/secret/${creds}`]);
      expect(rows.length).toBeGreaterThan(1);
      for (const row of rows) expect(row.config).toMatch(/^enc:v1:/);
    }
  });

  it("a label patch changes every bound object in the cluster; deleting it restores them", async () => {
    const label = `${p}-grp`;
    const bind = await call(server, "POST", "/resource_labels/binding", { body: `label=${label}&object_name=${api}&object_name=${web}`, headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(bind.status, bind.text).toBe(200);
    expect(bodyOf(await get(server, `/resource_labels/objects/${label}`))).toEqual({ objects: [api, web].sort() });
    expect((bodyOf(await get(server, `/resource_labels/labels/${api}`)).labels as string[])).toEqual(expect.arrayContaining([label, "Deployment"]));
    expect(dataOf(await get(server, "/resource_labels")).labels).toEqual(expect.arrayContaining([label, "Deployment", "ConfigMap"]));

    const patch = `# target: ${label}\napiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n      - name: main\n        env:\n        - name: LOG_LEVEL\n          value: DEBUG\n`;
    const applied = await applyPatch(patch, { description: "debug logs" });
    expect(applied.status, applied.text).toBe(200);
    expect((dataOf(applied).successful_apply as string[]).sort()).toEqual([api, web].sort());
    expect(await envOf(api)).toMatchObject({ LOG_LEVEL: "DEBUG" });
    expect(await envOf(web)).toMatchObject({ LOG_LEVEL: "DEBUG" });

    const mine = (dataOf(await get(server, `/patches/${api}`)).patches as Body[]).find((x) => x.target === label)!;
    expect(mine).toMatchObject({ state: "IS_GOLDEN", description: "debug logs", nextVersion: null });
    expect(JSON.parse(String(mine.metadata))).toMatchObject({ type: "Deployment", format: "YAML", createdBy: "bootstrap", isEncrypted: false });
    const around = await get(server, `/configs/previous/${api}/${mine.version}`);
    expect(String(dataOf(around).prev_config)).toContain("value: INFO");
    expect(String(dataOf(around).new_config)).toContain("value: DEBUG");
    const at = await get(server, `/configs/${api}/at/${Number(mine.version) - 1}`);
    expect(String(dataOf(at).config)).toContain("value: INFO");

    const removed = await call(server, "DELETE", `/patches/${mine.version}`);
    expect(removed.status, removed.text).toBe(200);
    expect(await envOf(api)).toMatchObject({ LOG_LEVEL: "INFO" });
    expect(await envOf(web)).toMatchObject({ LOG_LEVEL: "INFO" });
    expect((await call(server, "DELETE", `/patches/${mine.version}`)).status).toBe(404);
    expect((await call(server, "DELETE", `/resource_labels/binding/${web}`)).status).toBe(200);
    expect(bodyOf(await get(server, `/resource_labels/labels/${web}`)).labels).toEqual(["Deployment"]);
  });

  it("dry run previews without writing, in the reference's words for a nonexistent target", async () => {
    const before = await patchVersions();
    const configBefore = bodyOf(await get(server, `/configs/${api}`));
    const dry = await applyPatch(`# target: ${api}\nkind: Deployment\nspec:\n  replicas: 5\n`, { dry_run: "true" });
    expect(dry.status, dry.text).toBe(200);
    const entry = (dataOf(dry).dryRuns as Body[])[0]!;
    expect(entry.message).toBeNull();
    expect(entry.dryRun).toMatchObject({ objectName: api, releaseVersion: release, patchVersion: null, state: null });
    expect(String((entry.dryRun as Body).config)).toContain("replicas: 5");
    const missing = await applyPatch(`# target: ${p}-ghost\nkind: Deployment\nspec:\n  replicas: 5\n`, { dry_run: "true" });
    expect((dataOf(missing).dryRuns as Body[])[0]).toEqual({
      message: `Target '${p}-ghost' is a nonexistent object. If you apply a patch to this target there will be no configuration file associated with it until an object called '${p}-ghost' is created.`,
      dryRun: null,
    });
    expect(await patchVersions()).toEqual(before);
    expect(bodyOf(await get(server, `/configs/${api}`))).toEqual(configBefore);
    expect((await live(api)).spec.replicas).toBe(2);
  });

  it("applies a JSON patch envelope; a failing op is refused and stores nothing", async () => {
    const ok = await call(server, "POST", "/patches/apply", {
      json: { patch: JSON.stringify({ comment: "add key", kind: "ConfigMap", target: hot, patch: [{ op: "add", path: "/data/extra", value: "1" }] }) },
    });
    expect(ok.status, ok.text).toBe(200);
    expect(String(bodyOf(await get(server, `/configs/${hot}`)).config)).toMatch(/extra: ['"]1['"]/);
    const before = await patchVersions();
    const bad = await call(server, "POST", "/patches/apply", {
      json: { patch: JSON.stringify({ kind: "ConfigMap", target: hot, patch: [{ op: "replace", path: "/data/nope/x", value: 1 }] }) },
    });
    expect(bad.status).toBe(400);
    expect(errorOf(bad)).toMatch(/operation 0 \(replace \/data\/nope\/x\)/);
    expect(await patchVersions()).toEqual(before);
  });

  it("applies patch files: a single YAML file and an archive with one target per file", async () => {
    const single = await call(server, "POST", "/patches/apply", {
      body: form({ description: "file" }, { name: "p.yaml", data: Buffer.from(`# target: ${web}\nkind: Deployment\nspec:\n  replicas: 2\n`) }),
    });
    expect(single.status, single.text).toBe(200);
    const archive = await call(server, "POST", "/patches/apply", {
      body: form({}, { name: "patches.zip", data: zip({ "a.yaml": `# target: ${api}\nkind: Deployment\nmetadata:\n  annotations:\n    team: a\n`, "b.json": JSON.stringify({ kind: "ConfigMap", target: hot, patch: [{ op: "add", path: "/data/b", value: "2" }] }) }) }),
    });
    expect(archive.status, archive.text).toBe(200);
    expect((dataOf(archive).successful_apply as string[]).sort()).toEqual([api, hot].sort());
  });

  it("keeps concurrent applies to one object: unique, ordered versions and every change in the config", async () => {
    const before = new Set(await patchVersions());
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        applyPatch(`# target: ${web}\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n      - name: main\n        env:\n        - name: C${i}\n          value: "v${i}"\n`),
      ),
    );
    for (const r of results) expect(r.status, r.text).toBe(200);
    const added = (await patchVersions()).filter((v) => !before.has(v));
    expect(added).toHaveLength(8);
    expect(new Set(added).size).toBe(8);
    const config = String(bodyOf(await get(server, `/configs/${web}`)).config);
    for (let i = 0; i < 8; i++) expect(config).toContain(`name: C${i}`);
    expect(Object.keys(await envOf(web))).toEqual(expect.arrayContaining(Array.from({ length: 8 }, (_, i) => `C${i}`)));
  });

  it("changes an image as a new base revision, keeping the old one", async () => {
    const updated = await call(server, "POST", "/base_configs/image", { form: { image: "gcr.io/ib/sidecar:2.1", object: api, comment: "sidecar-bump_1", container: "sidecar" } });
    expect(updated.status, updated.text).toBe(200);
    expect((await live(api)).spec.template.spec.containers[1]!.image).toBe("gcr.io/ib/sidecar:2.1");
    const rows = dataOf(await get(server, `/base_configs?object=${api}`)).baseConfigs as Body[];
    expect(rows.map((r) => r.state)).toEqual(["INACTIVE", "ACTIVE"]);
    expect(JSON.parse(String(rows[1]!.metadata))).toMatchObject({ comment: "sidecar-bump_1", revision: 1 });
    for (const [field, value, message] of [
      ["comment", "has spaces", /comment/],
      ["object", `${p}-missing`, /No base config/],
      ["container", "nope", /no container named nope/],
    ] as const) {
      const bad = await call(server, "POST", "/base_configs/image", { form: { image: "x:1", object: api, comment: "ok", [field]: value } });
      expect(bad.status).toBeGreaterThanOrEqual(400);
      expect(bad.status).toBeLessThan(500);
      expect(errorOf(bad)).toMatch(message);
    }
  });

  it("searches patches ('+' is a space), case-sensitively or not, with a limit", async () => {
    await applyPatch(`# target: ${hot}\nkind: ConfigMap\ndata:\n  note: "${p} Search Me"\n`);
    const found = bodyOf(await get(server, `/patches/search?query=${p}+Search+Me&caseSensitive=true&limit=10`)).patches as Body[];
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ target: hot, version: expect.any(String) });
    expect(bodyOf(await get(server, `/patches/search?query=${p}+search+me&caseSensitive=true&limit=10`)).patches).toHaveLength(0);
    expect(bodyOf(await get(server, `/patches/search?query=${p}+search+me&caseSensitive=false&limit=10`)).patches).toHaveLength(1);
    expect((await get(server, `/patches/search?query=x&caseSensitive=maybe&limit=1`)).status).toBe(400);
    expect((await get(server, `/patches/search?caseSensitive=true&limit=1`)).status).toBe(400);
  });

  it("redacts patches by their target's real kind: a kind-less ConfigMap data patch is plain and found by search, a kind-less Secret one is not", async () => {
    const level = await applyPatch(`# target: ${hot}\ndata:\n  LOG_LEVEL: ERROR\n  hot-${p}: "on"\n`);
    expect(level.status, level.text).toBe(200);
    const kindless = `${p}-kindless`;
    await uploadObjects(secret(kindless, "base-value"));
    const hidden = await applyPatch(`# target: ${kindless}\ndata:\n  hot-${p}: a2luZC1sZXNzLXMzY3IzdA==\n`);
    expect(hidden.status, hidden.text).toBe(200);
    const mine = (await patchesOf(hot)).find((x) => String(x.patch).includes(`hot-${p}`))!;
    expect(JSON.parse(String(mine.metadata))).toMatchObject({ type: "ConfigMap", isEncrypted: false });
    expect(String(mine.patch)).toContain("LOG_LEVEL: ERROR");
    // The reference's own example.
    const found = bodyOf(await get(server, `/patches/search?query=LOG_LEVEL:+ERROR&caseSensitive=true&limit=1000`)).patches as Body[];
    expect(found.filter((x) => String(x.patch).includes(`hot-${p}`)).map((x) => x.target)).toEqual([hot]);
    expect(bodyOf(await get(server, `/patches/search?query=a2luZC1sZXNzLXMzY3IzdA&caseSensitive=true&limit=100`)).patches).toEqual([]);
    const secretPatches = (await patchesOf(kindless)).map((x) => String(x.patch)).join("\n");
    expect(secretPatches).toMatch(new RegExp(`hot-${p}: <redacted len=`));
    expect(secretPatches).not.toContain("a2luZC1sZXNzLXMzY3IzdA==");
  });

  it("traces every line of a config to its base release, patch or transform (blame)", async () => {
    const applied = await applyPatch(`# target: ${svc}\nkind: Service\nmetadata:\n  labels:\n    tier: edge\n`, { description: "tier label" });
    expect(applied.status, applied.text).toBe(200);
    const version = Math.max(...(await patchVersions()));
    const blame = dataOf(await get(server, `/configs/${svc}/provenance`));
    const lines = blame.lines as { line: number; text: string; source: string; patchVersion?: number; description?: string; releaseVersion?: string }[];
    expect(lines.map((l) => l.text).join("\n") + "\n").toBe(String(bodyOf(await get(server, `/configs/${svc}`)).config));
    expect(lines.find((l) => l.text.trim() === "tier: edge")).toMatchObject({ source: "patch", patchVersion: version, description: "tier label" });
    expect(lines.find((l) => /\bport: 80$/.test(l.text))).toMatchObject({ source: "base", releaseVersion: release });
    const secretBlame = await get(server, `/configs/${creds}/provenance`);
    expect(secretBlame.text).not.toContain("s3cr3t-Value");
    expect(secretBlame.text).toContain("<redacted len=12");
    // No patch reaches the Secret: patch version 0, as its config view says (not null).
    expect(dataOf(secretBlame).patchVersion).toBe(0);
    expect((await get(server, `/configs/${p}-missing/provenance`)).status).toBe(404);
  });

  it("no view shows any part of a Secret value: multi-line values in the blame view; JSON-patch copy, move and test reading Secret data are refused", async () => {
    const keyed = `${p}-keyed`;
    const pem = ["-----BEGIN KEY-----", "host: db.internal:5432", "pem-line-2 s3cr3t"];
    await uploadObjects(`apiVersion: v1\nkind: Secret\nmetadata:\n  name: ${keyed}\n  namespace: instabase\nstringData:\n  tls.key: |\n${pem.map((l) => `    ${l}\n`).join("")}  user: bob\n`);
    const blame = await get(server, `/configs/${keyed}/provenance`);
    expect(blame.status, blame.text).toBe(200);
    for (const fragment of ["BEGIN KEY", "host", "db.internal", "5432", "pem-line-2", "s3cr3t"]) expect(blame.text).not.toContain(fragment);
    const texts = (dataOf(blame).lines as { text: string }[]).map((l) => l.text);
    expect(texts).toContainEqual(expect.stringMatching(/^ {2}tls\.key: <redacted len=\d+ /));
    expect(texts).toContainEqual(expect.stringMatching(/^ {2}user: <redacted len=3 /));

    const jsonPatch = (kind: string | undefined, patch: unknown[], dryRun: boolean) =>
      call(server, "POST", "/patches/apply", { json: { patch: JSON.stringify({ ...(kind ? { kind } : {}), target: keyed, patch }), ...(dryRun ? { dry_run: "true" } : {}) } });
    const refused: [string, string | undefined, unknown[]][] = [
      ["copy to an annotation", "Secret", [{ op: "copy", from: "/stringData/user", path: "/metadata/annotations" }]],
      ["copy, kind-less", undefined, [{ op: "copy", from: "/stringData/tls.key", path: "/metadata/labels" }]],
      ["move to the name", "Secret", [{ op: "move", from: "/stringData/user", path: "/metadata/name" }]],
      ["copy of the whole object", "Secret", [{ op: "copy", from: "", path: "/metadata/annotations" }]],
      ["test of a value (an oracle)", "Secret", [{ op: "test", path: "/stringData/user", value: "bob" }]],
      ["test of the whole data", undefined, [{ op: "test", path: "/stringData", value: { user: "bob" } }]],
    ];
    for (const [description, kind, ops] of refused) {
      for (const dryRun of [true, false]) {
        const response = await jsonPatch(kind, ops, dryRun);
        expect(response.status, `${description}: ${response.text}`).toBe(400);
        expect(errorOf(response), description).toMatch(/is refused/);
        expect(response.text).not.toContain("bob");
      }
    }
    const within = await jsonPatch("Secret", [{ op: "copy", from: "/stringData/user", path: "/stringData/login" }], true);
    expect(within.status, within.text).toBe(200);
    expect(within.text).not.toContain("bob");
    expect(within.text).toMatch(/login: <redacted len=3 /);
    // Ops of other kinds' objects are not touched.
    const plain = await call(server, "POST", "/patches/apply", { json: { patch: JSON.stringify({ kind: "ConfigMap", target: hot, patch: [{ op: "copy", from: "/data", path: "/metadata/annotations" }] }), dry_run: "true" } });
    expect(plain.status, plain.text).toBe(200);
  });

  it("uploads a release from .zip and .tar.gz archives", async () => {
    const z = await call(server, "POST", "/base_configs", { body: form({ release_version: "23.07.2" }, { name: "r.zip", data: zip({ "d/a.yaml": deployment(`${p}-zip`), "__MACOSX/._a.yaml": "junk" }) }) });
    expect(z.status, z.text).toBe(200);
    expect(dataOf(z).successful_apply).toEqual([`${p}-zip`]);
    const t = await call(server, "POST", "/base_configs", { body: form({ release_version: "23.07.2" }, { name: "r.tar.gz", data: await tarGz([{ name: "x/b.yml", text: deployment(`${p}-tgz`) }]) }) });
    expect(t.status, t.text).toBe(200);
    expect(bodyOf(await get(server, `/base_configs/${p}-tgz/versions`))).toEqual({ versions: ["23.07.2"] });
  });

  it("runs an asynchronous upload as a job", async () => {
    const queued = await call(server, "POST", "/base_configs/upload", { form: { release_version: "23.07.3", base_config: deployment(`${p}-async`) } });
    expect(queued.status, queued.text).toBe(200);
    const id = String(dataOf(queued).RequestID);
    expect(bodyOf(queued).status_code).toBe(200);
    const done = await waitFor(async () => {
      const status = await get(server, `/base_configs/upload/${id}`);
      return dataOf(status).status === "SUCCESS" ? status : undefined;
    }, 30_000, "the upload job");
    expect(bodyOf(done)).toEqual({ statusCode: 200, data: { status: "SUCCESS", successful_apply: [`${p}-async`] }, error: null });
    expect((await get(server, "/base_configs/upload/not-an-id")).status).toBe(400);
    expect((await get(server, "/base_configs/upload/00000000-0000-4000-8000-000000000000")).status).toBe(404);
  });

  it.runIf(server.databaseUrl !== null)("an asynchronous upload leaves no Secret value in the jobs table", async () => {
    const name = `${p}-async-secret`;
    const queued = await call(server, "POST", "/base_configs/upload", { form: { release_version: release, base_config: secret(name, "j0b-s3cr3t-Value") } });
    expect(queued.status, queued.text).toBe(200);
    const id = String(dataOf(queued).RequestID);
    await waitFor(async () => (dataOf(await get(server, `/base_configs/upload/${id}`)).status === "SUCCESS" ? true : undefined), 30_000, "the upload job");
    const [job] = await sql<{ input: string; result: string }>(`SELECT input::text AS input, result::text AS result FROM jobs WHERE id = $1`, [id]);
    expect(job!.input).not.toContain("j0b-s3cr3t-Value");
    expect(job!.result).not.toContain("j0b-s3cr3t-Value");
    const live = await kubectlJson<{ data: Record<string, string> }>(server.dataDir, ["get", "secret", name, "-n", "instabase"]);
    expect(Buffer.from(live.data.password!, "base64").toString()).toBe("j0b-s3cr3t-Value");
  });

  it("encrypts Secret patches: kind Secret, a future Secret, a label bound to a Secret later", async () => {
    const future = `${p}-future`;
    const label = `${p}-slabel`;
    const metaOf = async (name: string, version: number) =>
      JSON.parse(String((await patchesOf(name)).find((x) => x.version === version)!.metadata)) as { type: string; isEncrypted: boolean };
    const newestVersion = async () => Math.max(...(await patchVersions()));
    const applied = async (patch: string) => {
      const response = await applyPatch(patch);
      expect(response.status, response.text).toBe(200);
      return newestVersion();
    };
    const kindSecret = await applied(`# target: ${creds}\nkind: Secret\nstringData:\n  extra: k1nd-s3cr3t\n`);
    const waiting = await applied(`# target: ${future}\nstringData:\n  token: fut-s3cr3t\n`);
    const waitingPlain = await applied(`# target: ${future}\nmetadata:\n  annotations:\n    note: later\n`);
    const labelPlain = await applied(`# target: ${label}\nmetadata:\n  labels:\n    team: vault\n`);
    expect(await metaOf(creds, kindSecret)).toMatchObject({ type: "Secret", isEncrypted: true });
    expect(await metaOf(future, waiting)).toMatchObject({ isEncrypted: true });
    expect(await metaOf(future, waitingPlain)).toMatchObject({ isEncrypted: false });
    expect(await metaOf(label, labelPlain)).toMatchObject({ isEncrypted: false });

    await uploadObjects(secret(future, "base-value"));
    const bind = await call(server, "POST", "/resource_labels/binding", form2([["label", label], ["object_name", creds]]));
    expect(bind.status, bind.text).toBe(200);
    expect(await metaOf(future, waitingPlain)).toMatchObject({ isEncrypted: true });
    expect(await metaOf(creds, labelPlain)).toMatchObject({ isEncrypted: true });
    const searches = ["k1nd-s3cr3t", "fut-s3cr3t"].map((value) => get(server, `/patches/search?query=${value}&caseSensitive=false&limit=50`));
    for (const response of [await get(server, "/patches"), await get(server, `/patches/${future}`), await get(server, `/patches/${creds}`), ...(await Promise.all(searches))]) {
      expect(response.status).toBe(200);
      expect(response.text).not.toMatch(/k1nd-s3cr3t|fut-s3cr3t/);
    }
    for (const response of await Promise.all(searches)) expect(bodyOf(response).patches).toEqual([]);
    expect(JSON.stringify(await patchesOf(future))).toMatch(/token: <redacted len=10 sha256=[0-9a-f]{8}>/);
    const live = await kubectlJson<{ data: Record<string, string>; metadata: { annotations?: Record<string, string> } }>(server.dataDir, ["get", "secret", future, "-n", "instabase"]);
    expect(Buffer.from(live.data.token!, "base64").toString()).toBe("fut-s3cr3t");
    expect(live.metadata.annotations).toMatchObject({ note: "later" });
    if (server.databaseUrl) {
      const rows = await sql<{ body: string }>(`SELECT body FROM patches WHERE version = ANY($1::bigint[])`, [[kindSecret, waiting, waitingPlain, labelPlain]]);
      expect(rows).toHaveLength(4);
      for (const row of rows) expect(row.body).toMatch(/^enc:v1:/);
    }
  });

  it("refuses a binding that a label patch cannot apply to, naming patch and object; stores nothing", async () => {
    const label = `${p}-jl`;
    const patched = await call(server, "POST", "/patches/apply", {
      json: { patch: JSON.stringify({ target: label, patch: [{ op: "replace", path: "/data/absent-key", value: "x" }] }) },
    });
    expect(patched.status, patched.text).toBe(200);
    const version = Math.max(...(await patchVersions()));
    const before = bodyOf(await get(server, `/configs/${hot}`));
    const bind = await call(server, "POST", "/resource_labels/binding", form2([["label", label], ["object_name", hot]]));
    expect(bind.status, bind.text).toBe(400);
    expect(errorOf(bind)).toContain(`Patch ${version}`);
    expect(errorOf(bind)).toContain(hot);
    expect(bodyOf(await get(server, `/resource_labels/labels/${hot}`)).labels).not.toContain(label);
    expect(bodyOf(await get(server, `/resource_labels/objects/${label}`))).toEqual({ objects: [] });
    expect(bodyOf(await get(server, `/configs/${hot}`))).toEqual(before);
  });

  it("reports the stored patches an upgrade, a patch removal or an image change leaves out", async () => {
    const cm = `${p}-up`;
    const configMapWith = (data: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${cm}\n  namespace: instabase\ndata:\n${data}`;
    await uploadObjects(configMapWith(`  a: "1"\n`));
    const jsonPatch = async (ops: object[]) => {
      const response = await call(server, "POST", "/patches/apply", { json: { patch: JSON.stringify({ kind: "ConfigMap", target: cm, patch: ops }) } });
      expect(response.status, response.text).toBe(200);
      return Math.max(...(await patchVersions()));
    };
    const replaceA = await jsonPatch([{ op: "replace", path: "/data/a", value: "2" }]);
    const addB = await jsonPatch([{ op: "add", path: "/data/b", value: "1" }]);
    const replaceB = await jsonPatch([{ op: "replace", path: "/data/b", value: "2" }]);

    const upgrade = await call(server, "POST", "/base_configs", { form: { release_version: "23.07.4", base_config: configMapWith(`  c: "1"\n`) } });
    expect(upgrade.status, upgrade.text).toBe(200);
    expect(dataOf(upgrade)).toEqual({
      successful_apply: [cm],
      skipped_patches: [{ object: cm, patch_version: replaceA, reason: expect.stringContaining("/data/a") }],
    });
    const config = String(bodyOf(await get(server, `/configs/${cm}`)).config);
    expect(config).toMatch(/b: ["']?2/);
    expect(config).not.toMatch(/\ba: /);

    const removed = await call(server, "DELETE", `/patches/${addB}`);
    expect(removed.status, removed.text).toBe(200);
    expect((dataOf(removed).skipped_patches as Body[]).map((x) => x.patch_version).sort()).toEqual([replaceA, replaceB].sort());
    const untouched = await call(server, "DELETE", `/patches/${replaceA}`);
    expect(dataOf(untouched).skipped_patches).toEqual([{ object: cm, patch_version: replaceB, reason: expect.stringContaining("/data/b") }]);
    const clean = await call(server, "DELETE", `/patches/${replaceB}`);
    expect(dataOf(clean)).toEqual({ successful_apply: [cm] });

    const pinned = await call(server, "POST", "/patches/apply", {
      json: { patch: JSON.stringify({ kind: "Deployment", target: web, patch: [{ op: "test", path: "/spec/template/spec/containers/0/image", value: `gcr.io/ib/${web}:1.0` }] }) },
    });
    expect(pinned.status, pinned.text).toBe(200);
    const pin = Math.max(...(await patchVersions()));
    const image = await call(server, "POST", "/base_configs/image", { form: { image: `gcr.io/ib/${web}:2.0`, object: web, comment: "bump" } });
    expect(image.status, image.text).toBe(200);
    expect(dataOf(image)).toEqual({ successful_apply: [web], skipped_patches: [{ object: web, patch_version: pin, reason: expect.any(String) }] });
    expect((await live(web)).spec.template.spec.containers[0]!.image).toBe(`gcr.io/ib/${web}:2.0`);
    expect((await call(server, "DELETE", `/patches/${pin}`)).status).toBe(200);
  });

  it("configs/previous and configs/at are right for each of several patches stored in one write", async () => {
    const cm = `${p}-two`;
    await uploadObjects(configMap(cm));
    const archive = await call(server, "POST", "/patches/apply", {
      body: form({}, { name: "two.zip", data: zip({ "1.yaml": `# target: ${cm}\nkind: ConfigMap\ndata:\n  first: one\n`, "2.yaml": `# target: ${cm}\nkind: ConfigMap\ndata:\n  second: two\n` }) }),
    });
    expect(archive.status, archive.text).toBe(200);
    const list = dataOf(await get(server, `/patches/${cm}/list`)).patches as Body[];
    expect(list).toHaveLength(2);
    for (const item of list) expect(Object.keys(item).sort()).toEqual(["description", "target", "version"]);
    const [first, second] = list.map((x) => Number(x.version)).sort((a, b) => a - b);

    const aroundFirst = await get(server, `/configs/previous/${cm}/${first}`);
    expect(aroundFirst.status, aroundFirst.text).toBe(200);
    expect(String(dataOf(aroundFirst).prev_config)).not.toContain("first: one");
    expect(String(dataOf(aroundFirst).new_config)).toContain("first: one");
    expect(String(dataOf(aroundFirst).new_config)).not.toContain("second: two");
    const aroundSecond = dataOf(await get(server, `/configs/previous/${cm}/${second}`));
    expect(aroundSecond.prev_config).toBe(dataOf(aroundFirst).new_config);
    expect(aroundSecond.new_config).toBe(bodyOf(await get(server, `/configs/${cm}`)).config);

    const atFirst = await get(server, `/configs/${cm}/at/${first}`);
    expect(atFirst.status, atFirst.text).toBe(200);
    expect(dataOf(atFirst)).toMatchObject({ objectName: cm, releaseVersion: release, patchVersion: first });
    expect(String(dataOf(atFirst).config)).toContain("first: one");
    expect(String(dataOf(atFirst).config)).not.toContain("second: two");
    expect(dataOf(await get(server, `/configs/${cm}/at/${second}`)).config).toBe(bodyOf(await get(server, `/configs/${cm}`)).config);
    expect((await get(server, `/configs/previous/${hot}/${first}`)).status).toBe(404);
  });

  it("removes one binding, or every binding but the object's own kind label (built-in kind labels too)", async () => {
    const cm = `${p}-lbl`;
    const custom = `${p}-team`;
    await uploadObjects(configMap(cm));
    const labelsOf = async () => bodyOf(await get(server, `/resource_labels/labels/${cm}`)).labels;
    const bind = async () => {
      const response = await call(server, "POST", "/resource_labels/binding", form2([["label", "Job"], ["label", custom], ["object_name", cm]]));
      expect(response.status, response.text).toBe(200);
    };
    await bind();
    expect(await labelsOf()).toEqual(["ConfigMap", "Job", custom].sort());
    expect((await applyPatch(`# target: ${custom}\nmetadata:\n  annotations:\n    owner: ${custom}\n`)).status).toBe(200);
    expect(String(bodyOf(await get(server, `/configs/${cm}`)).config)).toContain(`owner: ${custom}`);

    const one = await call(server, "DELETE", `/resource_labels/binding/${cm}?label=${custom}`);
    expect(one.status, one.text).toBe(200);
    expect(dataOf(one).successful_apply).toEqual([cm]);
    expect(await labelsOf()).toEqual(["ConfigMap", "Job"]);
    expect(String(bodyOf(await get(server, `/configs/${cm}`)).config)).not.toContain(`owner: ${custom}`);
    const ownKind = await call(server, "DELETE", `/resource_labels/binding/${cm}?label=Job&label=ConfigMap`);
    expect(ownKind.status).toBe(400);
    expect(errorOf(ownKind)).toMatch(/ConfigMap.*kind label/);
    const missing = await call(server, "DELETE", `/resource_labels/binding/${cm}?label=Job&label=${custom}`);
    expect(missing.status).toBe(404);
    expect(errorOf(missing)).toContain(custom);
    expect(await labelsOf()).toEqual(["ConfigMap", "Job"]);
    expect((await call(server, "DELETE", `/resource_labels/binding/${cm}?label=bad+name`)).status).toBe(400);

    await bind();
    const all = await call(server, "DELETE", `/resource_labels/binding/${cm}`);
    expect(all.status, all.text).toBe(200);
    expect(await labelsOf()).toEqual(["ConfigMap"]);
    expect(bodyOf(await get(server, "/resource_labels/objects/ConfigMap"))).toMatchObject({ objects: expect.arrayContaining([cm]) });
  });

  it("answers POST resource_labels like GET (the reference's example)", async () => {
    const posted = await call(server, "POST", "/resource_labels", { body: JSON.stringify("anything") });
    expect(posted.status, posted.text).toBe(200);
    expect(bodyOf(posted)).toEqual(bodyOf(await get(server, "/resource_labels")));
  });

  it("lists a label's objects with must_exist: names without a base config only when false", async () => {
    const label = `${p}-ghosts`;
    const ghost = `${p}-ghost-obj`;
    const bind = await call(server, "POST", "/resource_labels/binding", form2([["label", label], ["object_name", ghost], ["object_name", hot]]));
    expect(bind.status, bind.text).toBe(200);
    expect(bodyOf(await get(server, `/resource_labels/objects/${label}?must_exist=false`))).toEqual({ objects: [ghost, hot].sort() });
    expect(bodyOf(await get(server, `/resource_labels/objects/${label}`))).toEqual({ objects: [ghost, hot].sort() });
    expect(bodyOf(await get(server, `/resource_labels/objects/${label}?must_exist=true`))).toEqual({ objects: [hot] });
    const maybe = await get(server, `/resource_labels/objects/${label}?must_exist=maybe`);
    expect(maybe.status).toBe(400);
    expect(errorOf(maybe)).toContain("must_exist");
  });

  it.runIf(server.databaseUrl !== null)("update-defaults recreates a deleted default label and kind binding", async () => {
    await sql(`DELETE FROM label_bindings WHERE object_name = $1 AND label = 'ConfigMap'`, [`instabase/configmap/${hot}`]);
    await sql(`DELETE FROM resource_labels WHERE name = 'PodDisruptionBudget'`);
    expect(dataOf(await get(server, "/resource_labels")).labels).not.toContain("PodDisruptionBudget");
    const updated = await call(server, "POST", "/resource_labels/update-defaults");
    expect(updated.status, updated.text).toBe(200);
    expect(dataOf(updated)).toMatchObject({ labels_created: expect.any(Number), bindings_created: expect.any(Number) });
    expect(Number(dataOf(updated).labels_created)).toBeGreaterThanOrEqual(1);
    expect(Number(dataOf(updated).bindings_created)).toBeGreaterThanOrEqual(1);
    expect(dataOf(await get(server, "/resource_labels")).labels).toContain("PodDisruptionBudget");
    expect(await sql(`SELECT 1 FROM label_bindings WHERE object_name = $1 AND label = 'ConfigMap'`, [`instabase/configmap/${hot}`])).toHaveLength(1);
    expect(dataOf(await call(server, "POST", "/resource_labels/update-defaults"))).toEqual({ labels_created: 0, bindings_created: 0 });
  });

  it("rejects a bad namespace or registry and stores nothing", async () => {
    const before = await patchVersions();
    for (const [path, field, value] of [
      ["/patches/namespace", "namespace", "Bad_NS"],
      ["/patches/namespace", "namespace", "a b"],
      ["/patches/namespace", "namespace", ""],
      ["/patches/registry", "registry", "a b"],
      ["/patches/registry", "registry", "https://registry.example.com"],
    ] as const) {
      const response = await call(server, "POST", path, { json: { [field]: value } });
      expect(response.status, `${path} ${value}: ${response.text}`).toBe(400);
      expect(errorOf(response)).toContain(field);
    }
    expect(await patchVersions()).toEqual(before);
  });

  describe("bad input answers 4xx with the problem named and stores nothing", () => {
    const upload = (fields: Record<string, string>, file?: { name: string; data: Buffer }) =>
      call(server, "POST", "/base_configs", file ? { body: form(fields, file) } : { form: fields });

    it.each([
      ["bad YAML", { release_version: "24.01.0", base_config: "kind: Deployment\nmetadata: [\n" }, /line/],
      ["an object without a name", { release_version: "24.01.0", base_config: "kind: Deployment\nmetadata: {}\n" }, /metadata\.name/],
      ["a release version that is not a version", { release_version: "latest", base_config: "kind: ConfigMap\nmetadata: {name: x}\n" }, /release_version/],
      ["a true duplicate (same kind, namespace, name)", { release_version: "24.01.0", base_config: docs("kind: ConfigMap\nmetadata: {name: dup-x}\n", "kind: Service\nmetadata: {name: dup-x}\n", "kind: ConfigMap\nmetadata: {name: dup-x}\n") }, /1 object\(s\) appear more than once: configmap\/dup-x \(2 times\)/],
      ["no config at all", { release_version: "24.01.0" }, /No base configs given/],
    ])("%s", async (_, fields, message) => {
      const response = await upload(fields);
      expect(response.status).toBe(400);
      expect(errorOf(response)).toMatch(message);
      expect(dataOf(await get(server, "/base_configs?version=24.01.0")).baseConfigs).toEqual([]);
    });

    it("archives with path traversal, links, too many bytes, or not an archive at all", async () => {
      const traversal = await upload({ release_version: "24.01.0" }, { name: "x.zip", data: zip({ "../evil.yaml": deployment("evil") }) });
      expect(traversal.status).toBe(400);
      expect(errorOf(traversal)).toMatch(/unsafe path|invalid relative path|\.\./);
      const link = await upload({ release_version: "24.01.0" }, { name: "x.tar.gz", data: await tarGz([{ name: "l.yaml", type: "symlink", linkname: "/etc/passwd" }]) });
      expect(link.status).toBe(400);
      expect(errorOf(link)).toMatch(/symlink/);
      const absolute = await upload({ release_version: "24.01.0" }, { name: "x.tar.gz", data: await tarGz([{ name: "/etc/a.yaml", text: deployment("abs") }]) });
      expect(absolute.status).toBe(400);
      const bomb = await upload({ release_version: "24.01.0" }, { name: "x.zip", data: zip({ "big.yaml": "#".repeat(9 * 1024 * 1024) }) });
      expect(bomb.status).toBe(413);
      const garbage = await upload({ release_version: "24.01.0" }, { name: "x.zip", data: Buffer.from("this is not a zip file at all") });
      expect(garbage.status).toBe(400);
      expect(dataOf(await get(server, "/base_configs?version=24.01.0")).baseConfigs).toEqual([]);
    });

    it("patches without a target, with bad YAML, and unknown objects or versions", async () => {
      const before = await patchVersions();
      expect(errorOf(await applyPatch("kind: Deployment\nspec: {replicas: 1}\n"))).toMatch(/no target/);
      expect(errorOf(await applyPatch(`# target: ${api}\nspec: [\n`))).toMatch(/line/);
      expect((await applyPatch("")).status).toBe(400);
      expect(await patchVersions()).toEqual(before);
      expect((await get(server, `/configs/${p}-missing`)).status).toBe(404);
      expect((await call(server, "DELETE", "/patches/12345")).status).toBe(404);
      expect((await call(server, "DELETE", "/patches/not-a-version")).status).toBe(400);
      expect((await get(server, `/configs/previous/${api}/12345`)).status).toBe(404);
    });
  });
});
