import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Entry of the production server (bundled by scripts/build-server.mjs to `.next/dm-server.mjs`,
 * run by `npm start`, the tests and the container image): PORT (default 9500) on DM_LISTEN_HOST
 * (default every interface). The app root is the folder holding `.next`: the server runs there
 * (the build and prisma/migrations are read from it), after the configuration is read, so
 * relative paths in it (DATA_DIR) resolve against the caller's directory. The app's modules are
 * imported only then: some resolve paths when they load. A configuration the server cannot use
 * (a bad value, a DATA_DIR it cannot create, a database it cannot reach, a port it cannot listen
 * on) stops it with exit code 1 and one line naming the variable; anything else with its stack,
 * secrets removed.
 */

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { ConfigError, getConfig } = await import("@/lib/config/env");
const { errorCode } = await import("@/lib/config/error-code");

try {
  const { port, listenHost } = getConfig();
  process.chdir(dir);
  const { startServer, stopServer } = await import("@/lib/startup");
  const { startAppServer } = await import("./app-server");
  // Database, migrations, token, cluster, loops: ready before the first request is accepted.
  await startServer();
  const app = await startAppServer({ dir, port, hostname: listenHost }).catch((error: unknown) => {
    throw explainListenFailure(error, listenHost, port);
  });
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
  if (error instanceof ConfigError) console.error(`[deployment-manager] ${error.message}`);
  else console.error(`[deployment-manager] start-up failed: ${withoutSecrets(error instanceof Error ? (error.stack ?? error.message) : String(error))}`);
  process.exit(1);
}

/** EADDRINUSE and EACCES are the port's fault; an address the machine does not have is the host's. */
function explainListenFailure(error: unknown, host: string, port: number): unknown {
  const code = errorCode(error);
  if (code === "EADDRINUSE" || code === "EACCES") return new ConfigError(`PORT: cannot listen on ${host}:${port} (${code})`);
  if (code === "EADDRNOTAVAIL" || code === "ENOTFOUND" || code === "EAI_AGAIN") {
    return new ConfigError(`DM_LISTEN_HOST: cannot listen on ${host}:${port} (${code})`);
  }
  return error;
}

/** The configured secrets (token, encryption key, the database password) replaced by ***. */
function withoutSecrets(text: string): string {
  const { apiToken, encryptionKey, databaseUrl } = getConfig();
  let password = "";
  try {
    password = databaseUrl ? decodeURIComponent(new URL(databaseUrl).password) : "";
  } catch {
    password = databaseUrl ?? "";
  }
  return [apiToken, encryptionKey, password].reduce<string>((out, secret) => (secret ? out.split(secret).join("***") : out), text);
}
