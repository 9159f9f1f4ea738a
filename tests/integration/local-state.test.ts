import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { configMap, uniquePrefix } from "../support/fixtures";
import { call } from "../support/http";
import { type TestServer, runServerToExit, startServer } from "../support/server";

// What a server keeps on its machine (issue 14, item 2): one process per DATA_DIR.

describe("one server per DATA_DIR", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "dm-local-state-"));
  const token = `it-token-local-state-${Date.now()}-0123456789`;
  const name = uniquePrefix("lock");
  let server: TestServer | undefined;

  afterAll(async () => {
    await server?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("a second server on the same DATA_DIR exits 1 naming the first one's pid; after kill -9 of the first a new one starts and has its writes", { timeout: 240_000 }, async () => {
    const first = await startServer({ database: "pglite", dataDir, token });
    server = first;
    const upload = await call(first, "POST", "/base_configs", { form: { release_version: "1.0.0", base_config: configMap(name) } });
    expect(upload.status, upload.text).toBe(200);

    const second = await runServerToExit({ DATA_DIR: dataDir, DM_API_TOKEN: token });
    expect(second.status).toBe(1);
    expect(second.stderr.trim().split("\n")).toEqual([
      `[deployment-manager] DATA_DIR: ${dataDir} is in use by another Deployment Manager process (pid ${first.pid}); stop it or use another DATA_DIR`,
    ]);
    // The first one is unharmed by the attempt.
    expect((await call(first, "GET", `/configs/${name}`)).status).toBe(200);

    process.kill(first.pid, "SIGKILL");
    await first.stop();
    expect(fs.readFileSync(path.join(dataDir, ".lock"), "utf8").trim()).toBe(String(first.pid));

    const third = await startServer({ database: "pglite", dataDir, token });
    server = third;
    expect(third.output()).toContain(`recovered the lock of process ${first.pid}, which is gone`);
    const config = await call(third, "GET", `/configs/${name}`);
    expect(config.status, config.text).toBe(200);
    expect(fs.readFileSync(path.join(dataDir, ".lock"), "utf8").trim()).toBe(String(third.pid));

    await third.stop();
    expect(fs.existsSync(path.join(dataDir, ".lock")), "a clean stop removes the lock").toBe(false);
  });
});
