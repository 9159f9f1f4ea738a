import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ensureBuild, freePort } from "../support/server";

// A bad configuration value stops start-up with a message naming the variable.

describe("start-up configuration", () => {
  it.each([
    ["DATABASE_URL", "mysql://root@localhost/test", /DATABASE_URL: must be a postgres/],
    ["KUBE_MODE", "docker", /KUBE_MODE/],
    ["DM_NAMESPACE", "Not_A_Namespace", /DM_NAMESPACE: must be a valid Kubernetes namespace/],
    ["DM_API_TOKEN", "short", /DM_API_TOKEN: must be at least 16 characters/],
  ])("%s=%s stops the server", async (name, value, message) => {
    ensureBuild();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "dm-config-"));
    const port = await freePort();
    const result = spawnSync(path.resolve("node_modules/.bin/next"), ["start", "-p", String(port), "-H", "127.0.0.1"], {
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "", DM_API_TOKEN: "", [name]: value },
      encoding: "utf8",
      timeout: 60_000,
    });
    fs.rmSync(dataDir, { recursive: true, force: true });
    expect(result.status).not.toBe(0);
    expect(result.stderr + result.stdout).toMatch(message);
  });
});
