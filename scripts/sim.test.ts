// `npm run sim -- --port PORT`: the standalone simulator as a user starts it (npm → tsx → scripts/sim.ts).
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { waitFor } from "../lib/kube/testing";

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, "..");

/** A TMPDIR of the test's own, so the simulator's temporary data directory can be checked. */
const TMP = mkdtempSync(join(tmpdir(), "dm-sim-script-"));

async function listen(port = 0): Promise<Server> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  return server;
}

const portOf = (server: Server): number => (server.address() as { port: number }).port;
const close = (server: Server): Promise<void> => new Promise((resolve) => server.close(() => resolve()));

interface Sim {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

function startSim(port: number): Sim {
  // Its own process group, so that a failed test can still stop everything npm started.
  const child = spawn("npm", ["run", "--silent", "sim", "--", "--port", String(port)], { cwd: ROOT, env: { ...process.env, TMPDIR: TMP }, detached: true });
  let out = "";
  let err = "";
  child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (err += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exit };
}

describe("npm run sim", () => {
  const started: Sim[] = [];

  afterEach(() => {
    for (const { child } of started.splice(0)) {
      try {
        if (child.pid) process.kill(-child.pid, "SIGKILL");
      } catch {
        // the group is gone already
      }
    }
  });

  afterAll(() => rmSync(TMP, { recursive: true, force: true }));

  it("prints its URL, serves the API to kubectl, and on SIGTERM exits 0 and removes its temporary cluster", async () => {
    const probe = await listen();
    const port = portOf(probe);
    await close(probe);
    const sim = startSim(port);
    started.push(sim);
    const url = await waitFor("the printed URL", () => sim.stdout().split("\n")[0]?.trim(), 60_000, 100);
    expect(url).toBe(`http://127.0.0.1:${port}`);
    expect(((await (await fetch(`${url}/version`)).json()) as { gitVersion: string }).gitVersion).toMatch(/^v1\.32/);
    const { stdout } = await run("kubectl", ["--server", url, "--cache-dir", join(TMP, "kube-cache"), "get", "ns", "-o", "name"], {
      env: { ...process.env, HOME: TMP, KUBECONFIG: "/dev/null" },
      timeout: 30_000,
    });
    expect(stdout.split("\n")).toEqual(expect.arrayContaining(["namespace/default", "namespace/kube-system"]));
    expect(readdirSync(TMP).filter((f) => f.startsWith("dm-sim-"))).toHaveLength(1);

    sim.child.kill("SIGTERM");
    expect(await sim.exit).toBe(0);
    expect(readdirSync(TMP).filter((f) => f.startsWith("dm-sim-"))).toEqual([]);
    await expect(fetch(`${url}/version`)).rejects.toThrow();
  }, 120_000);

  it("says in one line that a busy port is busy, exits 1 and leaves no temporary directory", async () => {
    const busy = await listen();
    try {
      const sim = startSim(portOf(busy));
      started.push(sim);
      expect(await sim.exit).toBe(1);
      expect(sim.stderr().trim()).toBe(
        `cannot listen on 127.0.0.1:${portOf(busy)}: the port is already in use (choose another with --port; 0 picks a free one)`,
      );
      expect(sim.stdout()).toBe("");
      expect(readdirSync(TMP).filter((f) => f.startsWith("dm-sim-"))).toEqual([]);
    } finally {
      await close(busy);
    }
  }, 120_000);
});
