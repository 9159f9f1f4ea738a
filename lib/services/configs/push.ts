import pLimit from "p-limit";
import { getConfig } from "@/lib/config/env";
import type { KubeGateway, KubeObject } from "@/lib/kube";
import { parseDocument } from "@/lib/materialize";
import { withClusterLock } from "@/lib/store/cluster-lock";
import { latestMaterialized, markGolden } from "@/lib/store/materialized";
import { getKube } from "../cluster";
import { hibernationHook } from "../cluster/hibernation";
import { asKubeError, describeError, withKubeRetries } from "../cluster/retry";
import { decrypt } from "../crypto";

/**
 * Pushes the newest materialized config of each named object to the cluster (server-side apply,
 * field manager `deployment-manager`, forced), a few at a time, retrying conflicts, throttling and
 * server errors with backoff. Successes become IS_GOLDEN; failures keep the stored config and are
 * reported with their reason. Pushes, hibernate and revive run one after another (across replicas
 * too: lib/store/cluster-lock.ts) and pushes always read the newest rows, so the last push leaves
 * the newest configs in the cluster. While the cluster is hibernated, Deployments and StatefulSets
 * are applied with 0 replicas and the config's count is recorded for revive
 * (lib/services/cluster/hibernation.ts). Discovery and the namespace check are retried like
 * applies. A namespace that does not exist is created; when the manager may not create namespaces
 * (deploy/kubernetes/rbac.yaml does not grant it), the objects in it fail with a reason that says so.
 */

export type PushResult = { successful: string[]; failed: Map<string, string> };

const PARALLEL = 8;

export function pushObjects(names: Iterable<string>): Promise<PushResult> {
  const list = [...new Set(names)].sort();
  return withClusterLock(() => pushNow(list));
}

async function pushNow(names: string[]): Promise<PushResult> {
  const result: PushResult = { successful: [], failed: new Map() };
  if (names.length === 0) return result;
  const rows = await latestMaterialized(names);
  let gateway: KubeGateway;
  try {
    gateway = (await getKube()).gateway;
  } catch (error) {
    for (const row of rows) result.failed.set(row.objectName, `cluster unavailable: ${(error as Error).message}`);
    return result;
  }
  const defaultNamespace = getConfig().namespace;
  const namespaces = new Map<string, Promise<void>>();
  const namespaceReady = (ns: string) => {
    if (!namespaces.has(ns)) namespaces.set(ns, ensureNamespace(gateway, ns));
    return namespaces.get(ns)!;
  };
  const hibernated = await hibernationHook();
  const limit = pLimit(PARALLEL);
  const golden: { id: string; objectName: string }[] = [];
  await Promise.all(
    rows.map((row) =>
      limit(async () => {
        try {
          const object = parseDocument(decrypt(row.config)) as KubeObject;
          const info = await withKubeRetries(() => gateway.resolve(object.kind, object.apiVersion));
          if (info.namespaced) {
            object.metadata.namespace ??= defaultNamespace;
            await namespaceReady(object.metadata.namespace);
          }
          await hibernated?.(object);
          await withKubeRetries(() => gateway.apply(object));
          golden.push({ id: row.id, objectName: row.objectName });
          result.successful.push(row.objectName);
        } catch (error) {
          result.failed.set(row.objectName, describeError(error));
        }
      }),
    ),
  );
  await markGolden(golden);
  result.successful.sort();
  return result;
}

/** Makes sure `namespace` exists; a 403 on creating it becomes a reason an operator can act on. */
async function ensureNamespace(gateway: KubeGateway, namespace: string): Promise<void> {
  try {
    await withKubeRetries(() => gateway.ensureNamespace(namespace));
  } catch (error) {
    const denied = asKubeError(error);
    if (denied?.status !== 403 || denied.operation !== "apply") throw error;
    throw new Error(
      `namespace ${namespace} does not exist and the manager may not create namespaces: create it, or grant create and patch on namespaces to the manager's ServiceAccount (the API server answered 403: ${denied.serverMessage})`,
    );
  }
}
