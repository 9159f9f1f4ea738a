import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runServerToExit } from "../support/server";

// A configuration the production server (`npm start`: .next/dm-server.mjs) cannot use stops it
// with exit code 1 and one line naming the variable: no stack trace, never the database password.

async function startFailing(env: Record<string, string>): Promise<{ status: number | null; stderr: string; output: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "dm-config-"));
  try {
    return await runServerToExit({ DATA_DIR: dataDir, ...env });
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

function expectOneLine(result: { status: number | null; stderr: string; output: string }, message: RegExp) {
  expect(result.status).toBe(1);
  expect(result.stderr.trim().split("\n")).toEqual([expect.stringMatching(message)]);
  expect(result.output).not.toMatch(/^\s+at /m);
}

describe("start-up configuration (production server)", () => {
  it.each([
    ["DATABASE_URL", "mysql://root@localhost/test", /^\[deployment-manager\] Invalid configuration: DATABASE_URL: must be a postgres/],
    ["KUBE_MODE", "docker", /Invalid configuration: KUBE_MODE: /],
    ["DM_NAMESPACE", "Not_A_Namespace", /DM_NAMESPACE: must be a valid Kubernetes namespace/],
    ["DM_API_TOKEN", "short", /DM_API_TOKEN: must be at least 16 characters/],
    ["PORT", "70000", /Invalid configuration: PORT: .*65535/],
    ["KUBE_MODE", "in-cluster", /^\[deployment-manager\] KUBE_MODE=in-cluster, but KUBERNETES_SERVICE_HOST is not set: not running in a pod$/],
    ["DATA_DIR", "/etc/hostname/x", /^\[deployment-manager\] DATA_DIR: cannot create \/etc\/hostname\/x \(ENOTDIR\)$/],
  ])("%s=%s stops the server with one line naming the variable", async (name, value, message) => {
    expectOneLine(await startFailing({ [name]: value }), message);
  });

  it("an unreachable DATABASE_URL names the variable and the address, never the password", async () => {
    const result = await startFailing({ DATABASE_URL: "postgres://postgres:s3cret-pa55@127.0.0.1:1/test", DM_ENCRYPTION_KEY: "a-key-every-replica-shares-0123456789" });
    expectOneLine(result, /^\[deployment-manager\] DATABASE_URL: cannot connect to 127\.0\.0\.1:1 \(ECONNREFUSED\)$/);
    expect(result.output).not.toContain("s3cret-pa55");
  });

  it("PostgreSQL without DM_ENCRYPTION_KEY stops the server naming the variable (a key per pod would lose Secret configs)", async () => {
    const result = await startFailing({ DATABASE_URL: "postgres://postgres@127.0.0.1:5432/test" });
    expectOneLine(result, /^\[deployment-manager\] Invalid configuration: DM_ENCRYPTION_KEY: required with DATABASE_URL/);
  });

  it("a PORT already in use names the variable", async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const { port } = taken.address() as net.AddressInfo;
    try {
      expectOneLine(await startFailing({ PORT: String(port) }), new RegExp(`^\\[deployment-manager\\] PORT: cannot listen on 127\\.0\\.0\\.1:${port} \\(EADDRINUSE\\)$`));
    } finally {
      taken.close();
    }
  });
});
