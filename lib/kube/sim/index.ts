// The Kubernetes API simulator: an HTTP server on loopback that speaks the Kubernetes REST API
// (discovery, CRUD, server-side apply, patches, scale, logs, watch) backed by a persisted store
// and tiny controllers. Clients (client-node, kubectl) use it as they would a real cluster.
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { createServer as createTlsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { ClusterApi } from "./api";
import { Controllers } from "./controllers";
import type { SimTiming } from "./controllers/context";
import { SimHandler } from "./server";
import { Store } from "./store";
import { selfSignedCertificate } from "./tls";

export type { SimTiming } from "./controllers/context";

export interface SimulatorOptions {
  /** State lives in DATA_DIR/sim/state.json and the kubeconfig in DATA_DIR/sim/kubeconfig. */
  dataDir: string;
  /** 0 or absent: a free port. */
  port?: number;
  /** Interface to listen on (loopback by default). */
  host?: string;
  /** When set, every request must carry `Authorization: Bearer <token>`. */
  token?: string;
  /** Serve HTTPS with a certificate generated at start (its kubeconfig trusts it): kubectl sends a token only over TLS. */
  tls?: boolean;
  timing?: Partial<SimTiming>;
}

export interface Simulator {
  url: string;
  kubeconfigPath: string;
  /** Stops controllers, watches and the server, and writes the state. */
  close(): Promise<void>;
}

export const SIM_CONTEXT = "deployment-manager-sim";

/** `ca`: the PEM certificate an https:// server presents (else TLS verification is off, as plain HTTP needs). */
export function simKubeconfig(url: string, token?: string, ca?: string): string {
  return [
    "apiVersion: v1",
    "kind: Config",
    "clusters:",
    `- name: ${SIM_CONTEXT}`,
    "  cluster:",
    `    server: ${url}`,
    // HTTPS: trust the certificate generated at start; plain HTTP: client-node refuses http:// servers unless TLS verification is off.
    ca ? `    certificate-authority-data: ${Buffer.from(ca).toString("base64")}` : "    insecure-skip-tls-verify: true",
    "contexts:",
    `- name: ${SIM_CONTEXT}`,
    "  context:",
    `    cluster: ${SIM_CONTEXT}`,
    `    user: ${SIM_CONTEXT}`,
    "    namespace: default",
    `current-context: ${SIM_CONTEXT}`,
    "preferences: {}",
    "users:",
    `- name: ${SIM_CONTEXT}`,
    token ? `  user:\n    token: ${JSON.stringify(token)}` : "  user: {}",
    "",
  ].join("\n");
}

export async function startSimulator(opts: SimulatorOptions): Promise<Simulator> {
  const dir = join(opts.dataDir, "sim");
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const store = new Store(join(dir, "state.json"));
  const api = new ClusterApi(store);
  const controllers = new Controllers(api, opts.timing);
  const host = opts.host ?? "127.0.0.1";
  let url = "";
  const handler = new SimHandler({
    api,
    logIntervalMs: controllers.timing.logIntervalMs,
    address: () => url.replace(/^https?:\/\//, ""),
    host,
    ...(opts.token ? { token: opts.token } : {}),
  });
  const certificate = opts.tls ? selfSignedCertificate(host) : undefined;
  const server = certificate ? createTlsServer(certificate, handler.handle) : createServer(handler.handle);
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  url = `${certificate ? "https" : "http"}://${host.includes(":") ? `[${host}]` : host}:${port}`;
  controllers.start();
  const kubeconfigPath = join(dir, "kubeconfig");
  writeFileSync(kubeconfigPath, simKubeconfig(url, opts.token, certificate?.cert), { mode: 0o600 });
  chmodSync(kubeconfigPath, 0o600);
  let closed: Promise<void> | undefined;
  return {
    url,
    kubeconfigPath,
    close() {
      closed ??= new Promise<void>((resolve) => {
        controllers.close();
        handler.close();
        server.close(() => resolve());
        server.closeAllConnections();
        store.flush();
      });
      return closed;
    },
  };
}
