// npm run sim -- [--port PORT] [--data-dir DIR] [--token TOKEN] [--host HOST] [--ready-delay-ms MS]
// Runs the Kubernetes API simulator on its own (a disposable cluster) and prints its URL. Without
// --data-dir the cluster lives in a temporary directory that is removed when the simulator stops.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startSimulator } from "../lib/kube/sim";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "0" },
    "data-dir": { type: "string" },
    token: { type: "string" },
    host: { type: "string", default: "127.0.0.1" },
    "ready-delay-ms": { type: "string" },
    help: { type: "boolean", short: "h" },
  },
});

if (values.help) {
  console.log(
    "usage: npm run sim -- [--port PORT] [--data-dir DIR] [--token TOKEN] [--host HOST] [--ready-delay-ms MS]\n" +
      "  --data-dir  keeps the cluster across restarts (default: a fresh temporary directory)",
  );
  process.exit(0);
}

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`invalid --port: ${values.port}`);
  process.exit(2);
}
const readyDelay = values["ready-delay-ms"] === undefined ? undefined : Number(values["ready-delay-ms"]);
const tempDir = values["data-dir"] === undefined ? mkdtempSync(join(tmpdir(), "dm-sim-")) : undefined;
const dataDir = values["data-dir"] ?? tempDir ?? "";
const removeTempDir = (): void => {
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
};

const LISTEN_ERRORS: Record<string, string> = {
  EADDRINUSE: "the port is already in use (choose another with --port; 0 picks a free one)",
  EACCES: "permission denied (ports below 1024 need privileges)",
  EADDRNOTAVAIL: "the address is not available on this machine (see --host)",
};

const sim = await startSimulator({
  dataDir,
  port,
  host: values.host,
  ...(values.token ? { token: values.token } : {}),
  ...(readyDelay !== undefined && Number.isFinite(readyDelay) ? { timing: { podReadyDelayMs: readyDelay } } : {}),
}).catch((e: unknown) => {
  removeTempDir();
  const reason = LISTEN_ERRORS[(e as NodeJS.ErrnoException).code ?? ""];
  if (!reason) throw e;
  console.error(`cannot listen on ${values.host}:${port}: ${reason}`);
  process.exit(1);
});
console.log(sim.url);
console.error(`Kubernetes API simulator listening on ${sim.url}`);
console.error(`  state:      ${join(dataDir, "sim", "state.json")}`);
console.error(`  kubeconfig: ${sim.kubeconfigPath}`);
console.error(`  try:        kubectl --kubeconfig ${sim.kubeconfigPath} get nodes`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void sim.close().then(() => {
      removeTempDir();
      process.exit(0);
    });
  });
}
