import fs from "node:fs";
import { getConfig } from "@/lib/config/env";
import { getDb } from "@/lib/db";
import { getKube } from "@/lib/services/cluster";
import { listReleaseVersions } from "@/lib/store/base-configs";
import { newestRelease } from "./release-version";

const IN_CLUSTER_NAMESPACE_FILE = "/var/run/secrets/kubernetes.io/serviceaccount/namespace";

/**
 * The namespace the Deployment Manager runs in: the pod's own when it manages the cluster it runs
 * in (in-cluster mode), else DM_NAMESPACE — a pod that manages another cluster through a
 * kubeconfig, or the simulator, answers the configured namespace.
 */
export async function deploymentNamespace(): Promise<string> {
  const { gateway } = await getKube();
  if (gateway.info.mode === "in-cluster") {
    try {
      const namespace = fs.readFileSync(IN_CLUSTER_NAMESPACE_FILE, "utf8").trim();
      if (namespace) return namespace;
    } catch {
      // no service account mounted
    }
  }
  return getConfig().namespace;
}

/** The newest release version among the stored base configs; null before the first upload. */
export async function platformReleaseVersion(): Promise<string | null> {
  return newestRelease(await listReleaseVersions());
}

export type ConnectionReport = { ok: true; kind: string; location: string; latencyMs: number; serverVersion: string };

export async function checkDatabaseConnection(): Promise<ConnectionReport> {
  const started = performance.now();
  const { db } = await getDb();
  const [row] = await db.query<{ version: string }>("SELECT current_setting('server_version') AS version");
  return {
    ok: true,
    kind: db.kind,
    location: db.location,
    latencyMs: Math.round((performance.now() - started) * 10) / 10,
    serverVersion: row?.version ?? "unknown",
  };
}
