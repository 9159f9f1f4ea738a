// npm run sim -- [--port PORT] [--data-dir DIR] [--token TOKEN] [--host HOST] [--ready-delay-ms MS]
// Runs the Kubernetes API simulator on its own (a disposable cluster) and prints its URL.
import { mkdtempSync } from "node:fs";
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
const dataDir = values["data-dir"] ?? mkdtempSync(join(tmpdir(), "dm-sim-"));

const sim = await startSimulator({
  dataDir,
  port,
  host: values.host,
  ...(values.token ? { token: values.token } : {}),
  ...(readyDelay !== undefined && Number.isFinite(readyDelay) ? { timing: { podReadyDelayMs: readyDelay } } : {}),
});
console.log(sim.url);
console.error(`Kubernetes API simulator listening on ${sim.url}`);
console.error(`  state:      ${join(dataDir, "sim", "state.json")}`);
console.error(`  kubeconfig: ${sim.kubeconfigPath}`);
console.error(`  try:        kubectl --kubeconfig ${sim.kubeconfigPath} get nodes`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void sim.close().then(() => process.exit(0));
  });
}
