import { describe, expect, inject, it } from "vitest";
import { newestRelease } from "@/lib/services/release-version";
import { BAD_PLATFORM_DB_INPUT } from "../support/fixtures";
import { call, get } from "../support/http";

// The read-only and validation behaviour of the foundation endpoints, on PGlite and PostgreSQL.
// State-changing lifecycles (setup, platform tables) are in lifecycle.test.ts on fresh servers.

describe.each(inject("servers"))("endpoints on $name", (server) => {
  it("GET database/connection reports a working connection", async () => {
    const response = await get(server, "/database/connection");
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: "OK", database: server.name });
  });

  it("GET platform/version answers the newest stored release, in the reference's envelope", async () => {
    const response = await get(server, "/platform/version");
    expect(response.status).toBe(200);
    const body = response.body as { statusCode: number; data: { release_version: string | null }; error: null };
    expect(body).toMatchObject({ statusCode: 200, error: null });
    const versions = (await get(server, "/base_configs/versions")).body as { baseConfigVersions: { Versions: string[] }[] };
    const all = versions.baseConfigVersions.flatMap((v) => v.Versions);
    expect(body.data.release_version).toBe(newestRelease(all));
  });

  it("GET deployments/namespace is DM_NAMESPACE's default", async () => {
    const response = await get(server, "/deployments/namespace");
    expect(response.body).toEqual({ statusCode: 200, data: { namespace: "instabase" }, error: null });
  });

  describe("database/mock_ddl", () => {
    const ddl = async (body: unknown, headers?: Record<string, string>) =>
      call(server, "POST", "/database/mock_ddl", { json: body, headers });

    it("returns the core tables and the admin account", async () => {
      const response = await ddl({ create_admin_account: "true", admin_email: "admin@example.com" });
      expect(response.status).toBe(200);
      const ddls = (response.body as { ddls: string[] }).ddls;
      expect(ddls.some((s) => s.startsWith("CREATE TABLE ib_platform.users"))).toBe(true);
      expect(ddls.some((s) => s.includes("'admin', 'admin@example.com', true"))).toBe(true);
      expect(ddls.some((s) => s.includes("ks_master_keys"))).toBe(false);
    });

    it("adds one module per enable_* flag, accepting booleans and strings", async () => {
      const base = (await ddl({ create_admin_account: false })).body as { ddls: string[] };
      const all = (
        await ddl({
          create_admin_account: false,
          enable_control_plane: true,
          enable_key_service: "true",
          enable_ml_studio: true,
          enable_model_registry_pv: "true",
          enable_repo_projects: true,
        })
      ).body as { ddls: string[] };
      for (const table of ["control_plane_metadata", "ks_master_keys", "ml_training_jobs", "model_registry_versions", "projects"]) {
        expect(base.ddls.join("\n")).not.toContain(`ib_platform.${table} (`);
        expect(all.ddls.join("\n")).toContain(`ib_platform.${table} (`);
      }
      expect(all.ddls.some((s) => s.startsWith("ALTER TABLE ib_platform.repos ADD COLUMN project_id"))).toBe(true);
      expect(base.ddls.some((s) => s.startsWith("INSERT INTO ib_platform.users"))).toBe(false);
    });

    it("accepts a form-encoded body and the reference's content-type-less JSON", async () => {
      const form = await call(server, "POST", "/database/mock_ddl", { form: { create_admin_account: "false" } });
      expect(form.status).toBe(200);
      const bare = await fetch(`${server.apiRoot}/database/mock_ddl`, {
        method: "POST",
        headers: { Token: server.token! },
        body: new Blob([JSON.stringify({ create_admin_account: "false" })]),
      });
      expect(bare.status).toBe(200);
    });

    it.each(BAD_PLATFORM_DB_INPUT)("refuses %s with 400 Invalid parameters", async (_, body, message) => {
      const response = await ddl(body);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ statusCode: 400, error: expect.stringMatching(/^Invalid parameters: /) });
      expect((response.body as { error: string }).error).toMatch(message);
    });

    it("refuses malformed JSON, a JSON array and a wrong content type with 400", async () => {
      const malformed = await call(server, "POST", "/database/mock_ddl", { body: "{\"create_admin_account\":", headers: { "content-type": "application/json" } });
      expect(malformed.status).toBe(400);
      expect((malformed.body as { error: string }).error).toMatch(/Malformed JSON/);
      const array = await call(server, "POST", "/database/mock_ddl", { json: [1, 2] });
      expect(array.status).toBe(400);
      const xml = await call(server, "POST", "/database/mock_ddl", { body: "<a/>", headers: { "content-type": "application/xml" } });
      expect(xml.status).toBe(400);
      expect((xml.body as { error: string }).error).toMatch(/Unsupported content type 'application\/xml'/);
    });

    it("refuses a body over the size limit with 413, declared or streamed", async () => {
      const huge = "x".repeat(3 * 1024 * 1024); // the shared servers run with DM_MAX_BODY_BYTES = 2 MiB
      const declared = await call(server, "POST", "/database/mock_ddl", { body: huge, headers: { "content-type": "application/json" } });
      expect(declared.status).toBe(413);
      expect((declared.body as { error: string }).error).toMatch(/larger than the limit/);
      const chunk = new Uint8Array(1024 * 1024).fill(120);
      let sent = 0;
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent++ < 3) controller.enqueue(chunk);
          else controller.close();
        },
      });
      const streamed = await fetch(`${server.apiRoot}/database/mock_ddl`, {
        method: "POST",
        headers: { Token: server.token!, "content-type": "application/json" },
        body: stream,
        duplex: "half",
      } as RequestInit);
      expect(streamed.status).toBe(413);
    });
  });

  describe("settings", () => {
    type Settings = Record<string, string>;
    const read = async () => ((await get(server, "/settings")).body as { data: { settings: Settings } }).data.settings;

    it("GET returns every setting with its default, in the reference's envelope", async () => {
      const response = await get(server, "/settings");
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ statusCode: 200, error: null });
      const settings = await read();
      expect(Object.keys(settings)).toEqual(expect.arrayContaining(["isDocsFromWordpress", "isProdEnvironment", "obsAlertSlackUrl"]));
      expect(Object.values(settings).every((v) => typeof v === "string")).toBe(true);
    });

    it("POST with the GET response round-trips, stores changes and redacts secrets", async () => {
      const settings = await read();
      const updated = { ...settings, isProdEnvironment: "true", obsAlertEmailAppPassword: "hunter2-app-password", obsAlertReceiverEmail: "ops@example.com" };
      const post = await call(server, "POST", "/settings", { json: { data: { settings: updated }, statusCode: 200, error: null } });
      expect(post.status).toBe(200);
      expect(post.body).toEqual({ updatedConfigs: { successful_apply: [], failed_to_apply: [] } });

      const after = await read();
      expect(after.isProdEnvironment).toBe("true");
      expect(after.obsAlertReceiverEmail).toBe("ops@example.com");
      expect(after.obsAlertEmailAppPassword).toMatch(/^<redacted len=20 sha256=[0-9a-f]{8}>$/);
      expect(JSON.stringify(after)).not.toContain("hunter2");

      // Sending the redacted marker back keeps the stored secret (its marker is unchanged).
      const again = await call(server, "POST", "/settings", { json: { settings: { ...after, isProdEnvironment: "false" } } });
      expect(again.status).toBe(200);
      const final = await read();
      expect(final.isProdEnvironment).toBe("false");
      expect(final.obsAlertEmailAppPassword).toBe(after.obsAlertEmailAppPassword);
    });

    it.each([
      ["an incomplete body", (s: Settings) => ({ isProdEnvironment: s.isProdEnvironment }), /missing: .*isAIHubEnvironment/],
      ["an unknown key", (s: Settings) => ({ ...s, isMoonEnvironment: "true" }), /Unknown settings: isMoonEnvironment/],
      [
        "unknown and missing keys (both reported)",
        () => ({ isMoonEnvironment: "true", isProdEnvironment: "true" }),
        /^Unknown settings: isMoonEnvironment; Settings must be complete .*missing: .*isAIHubEnvironment/,
      ],
      ["a key beside settings", (s: Settings) => ({ settings: { ...s, isProdEnvironment: "true" }, settingz: {} }), /^Unknown keys beside the settings: settingz$/],
      ["a key beside the GET envelope's data", (s: Settings) => ({ data: { settings: s }, statusCode: 200, error: null, extra: 1 }), /^Unknown keys beside the settings: extra$/],
      ["a key beside settings inside data", (s: Settings) => ({ data: { settings: s, other: {} } }), /^Unknown keys beside the settings: data\.other$/],
      ["a non-boolean flag", (s: Settings) => ({ ...s, isProdEnvironment: "maybe" }), /isProdEnvironment/],
      ["an invalid email", (s: Settings) => ({ ...s, obsAlertSenderEmail: "nope" }), /obsAlertSenderEmail/],
      ["a non-string value", (s: Settings) => ({ ...s, obsAlertSlackChannel: { nested: true } }), /obsAlertSlackChannel: must be a string/],
    ])("POST refuses %s with 400 and changes nothing", async (_, mutate, message) => {
      const before = await read();
      const response = await call(server, "POST", "/settings", { json: mutate(before) });
      expect(response.status).toBe(400);
      expect((response.body as { error: string }).error).toMatch(message);
      expect(await read()).toEqual(before);
    });
  });
});
