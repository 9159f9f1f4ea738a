/**
 * The app for the benchmarks: a private copy of the production build (`.next`, taken under the
 * build lock, so a concurrent `next build` in the checkout cannot swap chunks under a running
 * server), started with the production server (.next/dm-server.mjs) on loopback on a fresh PGlite data dir or a fresh
 * PostgreSQL database (tests/support/postgres.ts).
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createTestDatabase } from "../tests/support/postgres";
import { type DatabaseKind, freePort } from "../tests/support/server";

export type BenchServer = {
  database: DatabaseKind;
  baseUrl: string;
  apiRoot: string;
  token: string;
  output(): string;
  destroy(): Promise<void>;
};

const ROOT = path.resolve(import.meta.dirname, "..");
const LOCK = "/tmp/dm-build.lock";
const LINKED = ["node_modules", "package.json", "next.config.ts", "public", "prisma", "tsconfig.json"];

/** Copies the current build (building it first when asked or missing) into a temp app root. */
export function snapshotBuild(options: { build: boolean }): string {
  const app = fs.mkdtempSync(path.join(os.tmpdir(), "dm-bench-app-"));
  const script = [
    `if [ "${options.build ? 1 : 0}" = 1 ] || [ ! -f .next/BUILD_ID ]; then npx next build >"${app}.build.log" 2>&1 || exit 3; fi`,
    `node scripts/build-server.mjs >/dev/null`,
    `cp -a .next "${app}/.next"`,
  ].join(" && ");
  const result = spawnSync("flock", [LOCK, "sh", "-c", script], { cwd: ROOT, stdio: "inherit" });
  if (result.status !== 0) throw new Error(`build snapshot failed (${result.status}); see ${app}.build.log`);
  for (const name of LINKED) fs.symlinkSync(path.join(ROOT, name), path.join(app, name));
  return app;
}

/** `viaNext`: `next start` instead of the production server (A/B of lib/server's fast reads). */
export async function startApp(app: string, database: DatabaseKind, nodeArgs: string[] = [], viaNext = false): Promise<BenchServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "dm-bench-data-"));
  const created = database === "postgres" ? await createTestDatabase("dm_bench") : null;
  const token = `bench-token-${Math.random().toString(36).slice(2)}-0123456789abcdef`;
  const port = await freePort();
  const childEnv: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", PORT: String(port), DM_LISTEN_HOST: "127.0.0.1", DATA_DIR: dataDir, KUBE_MODE: "sim", DM_API_TOKEN: token };
  delete childEnv.DATABASE_URL;
  if (created) childEnv.DATABASE_URL = created.url;
  let output = "";
  const next = path.join(ROOT, "node_modules", "next", "dist", "bin", "next");
  const entry = viaNext ? [next, "start", "-p", String(port), "-H", "127.0.0.1"] : [path.join(app, ".next", "dm-server.mjs")];
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, ...entry], {
    cwd: app,
    env: childEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const server: BenchServer = {
    database,
    baseUrl,
    apiRoot: `${baseUrl}/api/v1/control_plane`,
    token,
    output: () => output,
    destroy: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
        await exited;
        clearTimeout(timer);
      }
      await created?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) break;
    const ready = await fetch(`${server.apiRoot}/setup/status`, { headers: { Token: token } }).then((r) => r.status === 200, () => false);
    if (ready) return server;
    if (Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await server.destroy();
  throw new Error(`the app did not start\n--- output ---\n${output.slice(-4000)}`);
}

export function removeSnapshot(app: string): void {
  fs.rmSync(app, { recursive: true, force: true });
  fs.rmSync(`${app}.build.log`, { force: true });
}
