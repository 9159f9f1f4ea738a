import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { createTestDatabase } from "./postgres";

/**
 * Starts the real app (the production server, .next/dm-server.mjs, on the production build) as a child process, on PGlite in a
 * temp data dir or on a fresh PostgreSQL database, and waits until it answers.
 */

export type DatabaseKind = "pglite" | "postgres";

/** The DM_ENCRYPTION_KEY of servers on PostgreSQL unless a test sets its own. */
export const TEST_ENCRYPTION_KEY = "integration-tests-shared-encryption-key-0123456789";

export type TestServer = {
  name: DatabaseKind;
  baseUrl: string;
  apiRoot: string;
  token: string | null;
  dataDir: string;
  databaseUrl: string | null;
  /** The server process's pid. */
  pid: number;
  output(): string;
  stop(): Promise<void>;
  /** Stops the server and removes its data (temp dir, Postgres database). */
  destroy(): Promise<void>;
};

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const NEXT_BIN = path.join(ROOT, "node_modules", ".bin", "next");
const BUILD_ID = path.join(ROOT, ".next", "BUILD_ID");
export const SERVER_BUNDLE = path.join(ROOT, ".next", "dm-server.mjs");

/**
 * Builds when there is no build, and bundles the production server (scripts/build-server.mjs) when
 * it is older than the build. Builds take /tmp/dm-build.lock (flock) so parallel runs on one
 * checkout wait for each other.
 */
export function ensureBuild(): void {
  const locked = spawnSync("flock", ["--version"]).status === 0;
  const run = (argv: string[], what: string) => {
    const [command, args] = locked ? ["flock", ["/tmp/dm-build.lock", ...argv]] : [argv[0]!, argv.slice(1)];
    const result = spawnSync(command, args, { cwd: ROOT, stdio: "inherit" });
    if (result.status !== 0) throw new Error(`${what} failed`);
  };
  const mtime = (file: string) => (fs.existsSync(file) ? fs.statSync(file).mtimeMs : -1);
  if (mtime(BUILD_ID) < 0) run([NEXT_BIN, "build"], "next build");
  if (mtime(SERVER_BUNDLE) < mtime(BUILD_ID)) run([process.execPath, path.join(ROOT, "scripts", "build-server.mjs")], "the server bundle");
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export type StartOptions = {
  database: DatabaseKind;
  token?: string | null;
  dataDir?: string;
  databaseUrl?: string;
  env?: Record<string, string>;
};

export async function startServer(options: StartOptions): Promise<TestServer> {
  ensureBuild();
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "dm-it-"));
  let databaseUrl = options.databaseUrl ?? null;
  let dropDatabase: (() => Promise<void>) | null = null;
  if (options.database === "postgres" && !databaseUrl) {
    const created = await createTestDatabase();
    databaseUrl = created.url;
    dropDatabase = created.drop;
  }
  const token = options.token === undefined ? `it-token-${Math.random().toString(36).slice(2)}-0123456789` : options.token;
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(port),
    DM_LISTEN_HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    KUBE_MODE: "sim",
    // PostgreSQL requires a key every replica shares; tests that need another (or none) set it in env.
    ...(databaseUrl ? { DM_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY } : {}),
    ...options.env,
  };
  delete env.DATABASE_URL;
  delete env.DM_API_TOKEN;
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  if (token) env.DM_API_TOKEN = token;

  let output = "";
  const child: ChildProcess = spawn(process.execPath, [SERVER_BUNDLE], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    }
  };
  const baseUrl = `http://127.0.0.1:${port}`;
  const server: TestServer = {
    name: options.database,
    baseUrl,
    apiRoot: `${baseUrl}/api/v1/control_plane`,
    token,
    dataDir,
    databaseUrl,
    pid: child.pid!,
    output: () => output,
    stop,
    destroy: async () => {
      await stop();
      await dropDatabase?.();
      if (!options.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  try {
    await waitUntilReady(server, () => child.exitCode !== null);
  } catch (error) {
    await server.destroy();
    throw new Error(`${(error as Error).message}\n--- server output ---\n${output}`);
  }
  return server;
}

/** Ready = start-up finished (migrations, bootstrap token) and the API answers. */
async function waitUntilReady(server: TestServer, hasExited: () => boolean): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (hasExited()) throw new Error("the server exited during start-up");
    try {
      const response = await fetch(`${server.apiRoot}/setup/status`, {
        headers: server.token ? { Token: server.token } : {},
      });
      if (response.status === 200 || (!server.token && response.status === 401 && server.output().includes("[deployment-manager]"))) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error("the server did not become ready within 90 s");
}

/** Runs the production server with `env` (over a clean environment: no DATABASE_URL, no token) until it exits, for start-ups that must fail. */
export async function runServerToExit(env: Record<string, string>): Promise<{ status: number | null; stderr: string; output: string }> {
  ensureBuild();
  const base: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", KUBE_MODE: "sim", DM_LISTEN_HOST: "127.0.0.1", PORT: String(await freePort()) };
  delete base.DATABASE_URL;
  delete base.DM_API_TOKEN;
  delete base.KUBERNETES_SERVICE_HOST;
  const result = spawnSync(process.execPath, [SERVER_BUNDLE], { cwd: ROOT, env: { ...base, ...env }, encoding: "utf8", timeout: 90_000 });
  return { status: result.status, stderr: result.stderr, output: result.stdout + result.stderr };
}
