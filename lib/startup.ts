import { hardenHttpServer } from "@/lib/api/http-server";
import { ConfigError, getConfig } from "@/lib/config/env";
import { prepareDataDir } from "@/lib/config/data-dir";
import { lockDataDir } from "@/lib/config/data-dir-lock";
import { getDb } from "@/lib/db";
import { migrateObjectIdentities } from "@/lib/services/configs/identity-migration";
import { explainOpenFailure } from "@/lib/db/open-failure";
import { startJobs } from "@/lib/jobs/handlers";
import { KubeModeError } from "@/lib/kube";
import { ensureBootstrapToken } from "@/lib/services/auth";
import { encryptionKeyProblem } from "@/lib/services/encryption-key";
import { startHealthLoop } from "@/lib/services/health/loop";
import { startTelemetryRetention } from "@/lib/services/telemetry/retention";
import { getKube } from "@/lib/services/cluster";
import { startControllers } from "@/lib/services/cluster/controllers/runner";

// Once per process: both the production server (lib/server/main.ts) and Next.js's
// instrumentation.ts call it, from separately bundled copies of this module.
type Stoppable = { stop(): Promise<void> };
const globalForStartup = globalThis as typeof globalThis & { __dmStartup?: Promise<void>; __dmLoops?: Stoppable[] };

export function startServer(): Promise<void> {
  return (globalForStartup.__dmStartup ??= start());
}

/**
 * Graceful stop (SIGTERM/SIGINT): the background loops finish what they are doing and stop, then
 * the in-process simulator writes its state and the database closes, so nothing a tick or job did
 * just before the signal is lost (the simulator saves its state in batches).
 */
export async function stopServer(): Promise<void> {
  const loops = globalForStartup.__dmLoops ?? [];
  globalForStartup.__dmLoops = [];
  await Promise.allSettled(loops.map((loop) => loop.stop()));
  await (await getKube().catch(() => undefined))?.close();
  await (await getDb().catch(() => undefined))?.db.close();
}

/**
 * Server start-up: validate the configuration, harden the HTTP server (timeouts, client address:
 * lib/api/http-server.ts), create the data directory and lock it (one process per DATA_DIR), open
 * the database and apply migrations, check the encryption key against the fingerprint stored
 * there, make sure a bootstrap token exists, connect to the cluster (starting the simulator in
 * sim mode), start the autoscaling controllers' loop. A bad configuration — a bad value, or a DATA_DIR,
 * DATABASE_URL or KUBE_MODE that cannot be used — stops the process with a one-line message naming
 * the variable.
 */
async function start(): Promise<void> {
  try {
    await run();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`[deployment-manager] ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}

async function run(): Promise<void> {
  const config = getConfig();
  hardenHttpServer({ port: config.port, ...config.http });
  prepareDataDir(config.dataDir);
  lockDataDir(config.dataDir);
  const { db } = await getDb().catch((error: unknown) => {
    throw explainOpenFailure(config, error);
  });
  const keyProblem = await encryptionKeyProblem();
  if (keyProblem) throw new ConfigError(keyProblem);
  const migrated = await migrateObjectIdentities();
  if (migrated > 0) console.log(`[deployment-manager] gave ${migrated} stored base config(s) their object identity (group, kind, namespace, name)`);
  const token = await ensureBootstrapToken();
  const kube = await getKube().catch((error: unknown) => {
    throw error instanceof KubeModeError ? new ConfigError(error.message) : error;
  });
  globalForStartup.__dmLoops = [startControllers(), startJobs(), startHealthLoop(), startTelemetryRetention()];
  const url = `http://localhost:${config.port}`;
  console.log(`[deployment-manager] database: ${db.kind} (${db.location})`);
  console.log(
    `[deployment-manager] cluster: ${kube.gateway.info.mode} (${kube.gateway.info.server})` +
      (kube.simulator ? ` · kubectl --kubeconfig ${kube.simulator.kubeconfigPath}` : ""),
  );
  if (token.generated) {
    console.log(
      [
        "",
        "  Deployment Manager is ready. A bootstrap API token was generated (shown once):",
        "",
        `    ${token.generated}`,
        "",
        `  It is also stored in ${token.file} (mode 0600).`,
        `  Console: ${url}  ·  API: ${url}/api/v1/control_plane  (send it in the 'Token' header)`,
        "",
      ].join("\n"),
    );
  } else {
    console.log(`[deployment-manager] console: ${url}  ·  API: ${url}/api/v1/control_plane`);
  }
}
