import { execFile } from "node:child_process";
import fs from "node:fs";
import https from "node:https";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { waitFor } from "../support/cluster";
import { configMap, secret, uniquePrefix } from "../support/fixtures";
import { call } from "../support/http";
import { type TestServer, runServerToExit, startServer } from "../support/server";

// What a server keeps on its machine (issue 14, items 2 and 11): one process per DATA_DIR, and the
// in-process simulator reachable only with its kubeconfig's token, only under a loopback Host name,
// with its state (which holds Secret data) readable by the owner alone.

const run = promisify(execFile);

/** One request to the simulator (HTTPS, trusting its certificate), with the Host header and Authorization of our choosing. */
function simRequest(url: string, ca: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    // The TLS name stays the loopback one: only the HTTP Host header is under test.
    const request = https.get(`${url}/api/v1/namespaces`, { headers, ca, servername: "localhost" }, (response) => {
      let body = "";
      response.on("data", (chunk: Buffer) => (body += chunk.toString()));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on("error", reject);
  });
}

const mode = (file: string) => fs.statSync(file).mode & 0o777;

describe("one server per DATA_DIR; the simulator is the owner's alone", () => {
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

  it("the simulator: state files 0600, kubectl works with the kubeconfig's token, no token is 401, a foreign Host is refused", { timeout: 180_000 }, async () => {
    server = await startServer({ database: "pglite", dataDir, token });
    const kubeconfig = path.join(dataDir, "sim", "kubeconfig");
    const text = fs.readFileSync(kubeconfig, "utf8");
    const simToken = JSON.parse(/^\s+token: (.+)$/m.exec(text)?.[1] ?? "null") as string | null;
    expect(simToken, "the generated kubeconfig carries a bearer token").toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const simUrl = /^\s+server: (\S+)$/m.exec(text)![1]!;
    // kubectl sends a bearer token only over TLS: the simulator serves HTTPS with a certificate its kubeconfig trusts.
    expect(simUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const ca = Buffer.from(/^\s+certificate-authority-data: (\S+)$/m.exec(text)![1]!, "base64").toString();

    // The app's own client (client-node) sends the token: a Secret is applied to the simulator.
    const secretName = uniquePrefix("sim-secret");
    const upload = await call(server, "POST", "/base_configs", { form: { release_version: "2.0.0", base_config: secret(secretName, "hunter2-sim") } });
    expect(upload.status, upload.text).toBe(200);
    const { stdout } = await run("kubectl", ["--kubeconfig", kubeconfig, "get", "ns", "-o", "name"]);
    expect(stdout).toContain("namespace/instabase");
    await waitFor(async () => (await run("kubectl", ["--kubeconfig", kubeconfig, "-n", "instabase", "get", "secret", secretName, "-o", "name"]).catch(() => ({ stdout: "" }))).stdout.includes(secretName), 20_000, "the Secret in the simulator");

    const statePath = path.join(dataDir, "sim", "state.json");
    await waitFor(async () => fs.existsSync(statePath) && fs.readFileSync(statePath, "utf8").includes(secretName), 20_000, "the state file to hold the Secret");
    expect(mode(statePath).toString(8)).toBe("600");
    expect(mode(kubeconfig).toString(8)).toBe("600");
    expect(mode(path.join(dataDir, "sim")).toString(8)).toBe("700");

    const port = new URL(simUrl).port;
    const bearer = { Authorization: `Bearer ${simToken}` };
    expect((await simRequest(simUrl, ca, { Host: `127.0.0.1:${port}` })).status, "no token").toBe(401);
    expect((await simRequest(simUrl, ca, { Host: `127.0.0.1:${port}`, Authorization: "Bearer wrong-token" })).status, "a wrong token").toBe(401);
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]) {
      expect((await simRequest(simUrl, ca, { Host: host, ...bearer })).status, host).toBe(200);
    }
    for (const host of [`evil.example:${port}`, "evil.example", `127.0.0.1.evil.example:${port}`, `localhost.:${port}@evil.example`]) {
      const refused = await simRequest(simUrl, ca, { Host: host, ...bearer });
      expect(refused.status, host).toBe(403);
      expect(refused.body).not.toContain("hunter2");
    }
  });
});
