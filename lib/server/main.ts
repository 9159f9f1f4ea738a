import path from "node:path";
import { fileURLToPath } from "node:url";
import { ConfigError, getConfig } from "@/lib/config/env";
import { startServer } from "@/lib/startup";
import { startAppServer } from "./app-server";

/**
 * Entry of the production server (bundled by scripts/build-server.mjs to `.next/dm-server.mjs`,
 * run by `npm start`, the tests and the container image): PORT (default 9500) on DM_LISTEN_HOST
 * (default every interface). The app root is the folder holding `.next`.
 */

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

try {
  const { port, listenHost } = getConfig();
  // Database, migrations, token, cluster, loops: ready before the first request is accepted.
  await startServer();
  const app = await startAppServer({ dir, port, hostname: listenHost });
  console.log(`[deployment-manager] listening on http://${listenHost}:${port}`);
  let stopping = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      setTimeout(() => process.exit(0), 5_000).unref();
      void app.close().finally(() => process.exit(0));
    });
  }
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}
