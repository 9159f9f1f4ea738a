import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Entry of the production server (bundled by scripts/build-server.mjs to `.next/dm-server.mjs`,
 * run by `npm start`, the tests and the container image): PORT (default 9500) on DM_LISTEN_HOST
 * (default every interface). The app root is the folder holding `.next`: the server runs there
 * (the build and prisma/migrations are read from it), after the configuration is read, so
 * relative paths in it (DATA_DIR) resolve against the caller's directory. The app's modules are
 * imported only then: some resolve paths when they load.
 */

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { ConfigError, getConfig } = await import("@/lib/config/env");

try {
  const { port, listenHost } = getConfig();
  process.chdir(dir);
  const { startServer, stopServer } = await import("@/lib/startup");
  const { startAppServer } = await import("./app-server");
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
      // Requests in flight get up to 2 s; then the loops stop and the state is written.
      void Promise.race([app.close(), new Promise((resolve) => setTimeout(resolve, 2_000))])
        .then(stopServer)
        .catch((error: unknown) => console.error("[deployment-manager] shutdown:", error))
        .finally(() => process.exit(0));
    });
  }
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}
