import pLimit from "p-limit";
import { getConfig } from "@/lib/config/env";
import type { KubeGateway, KubeObject } from "@/lib/kube";
import { inApplyOrder } from "@/lib/kube/apply-order";
import { FIELD_MANAGER } from "@/lib/kube/gateway";
import { groupOf, parseDocument } from "@/lib/materialize";
import { withClusterLock } from "@/lib/store/cluster-lock";
import { latestMaterialized, markGolden } from "@/lib/store/materialized";
import { getKube } from "../cluster";
import { hibernationHook } from "../cluster/hibernation";
import { asKubeError, describeError, withKubeRetries } from "../cluster/retry";
import { decrypt } from "../crypto";
import { displayName, loadStoreView } from "./state";

/**
 * Pushes the newest materialized config of each named object to the cluster (server-side apply,
 * field manager `deployment-manager`, forced) in dependency order (lib/kube/apply-order.ts), a few
 * at a time within each phase, retrying conflicts, throttling and
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
/** How long a push waits for an applied CustomResourceDefinition to be Established. */
const CRD_ESTABLISHED_TIMEOUT_MS = 30_000;
/** Bare namespaces the push creates are applied under their own field manager (see below). */
export const NAMESPACE_FIELD_MANAGER = `${FIELD_MANAGER}-namespaces`;

/** Pushes the objects with these keys; the result names them as responses do (bare where unique). */
export async function pushObjects(keys: Iterable<string>): Promise<PushResult> {
  const list = [...new Set(keys)].sort();
  const result = await withClusterLock(() => pushNow(list));
  if (result.successful.length === 0 && result.failed.size === 0) return result;
  const view = await loadStoreView();
  return {
    successful: result.successful.map((key) => displayName(view, key)).sort(),
    failed: new Map([...result.failed].map(([key, reason]) => [displayName(view, key), reason])),
  };
}

type Row = Awaited<ReturnType<typeof latestMaterialized>>[number];
type Parsed = { row: Row; object: KubeObject };

async function pushNow(keys: string[]): Promise<PushResult> {
  const result: PushResult = { successful: [], failed: new Map() };
  if (keys.length === 0) return result;
  const rows = await latestMaterialized(keys);
  let gateway: KubeGateway;
  try {
    gateway = (await getKube()).gateway;
  } catch (error) {
    for (const row of rows) result.failed.set(row.objectKey, `cluster unavailable: ${(error as Error).message}`);
    return result;
  }
  const parsed: Parsed[] = [];
  for (const row of rows) {
    try {
      parsed.push({ row, object: parseDocument(decrypt(row.config)) as KubeObject });
    } catch (error) {
      result.failed.set(row.objectKey, describeError(error));
    }
  }
  // Namespaces the push applies itself are never created bare as well (that could race with theirs).
  const ownNamespaces = new Set(parsed.filter((p) => p.object.kind === "Namespace" && groupOf(p.object.apiVersion) === "").map((p) => p.object.metadata.name));
  const defaultNamespace = getConfig().namespace;
  const namespaces = new Map<string, Promise<void>>();
  const namespaceReady = (ns: string) => {
    if (ownNamespaces.has(ns)) return Promise.resolve();
    if (!namespaces.has(ns)) namespaces.set(ns, ensureNamespace(gateway, ns));
    return namespaces.get(ns)!;
  };
  const hibernated = await hibernationHook();
  const limit = pLimit(PARALLEL);
  const golden: { id: string; objectKey: string }[] = [];
  for (const phase of inApplyOrder(parsed, (p) => ({ group: groupOf(p.object.apiVersion) ?? "", kind: p.object.kind }))) {
    await Promise.all(
      phase.map(({ row, object }) =>
        limit(async () => {
          try {
            const info = await withKubeRetries(() => gateway.resolve(object.kind, object.apiVersion));
            if (info.namespaced) {
              object.metadata.namespace ??= defaultNamespace;
              await namespaceReady(object.metadata.namespace);
            } else {
              delete object.metadata.namespace;
            }
            await hibernated?.(object);
            await withKubeRetries(() => gateway.apply(object));
            if (object.kind === "CustomResourceDefinition" && info.group === "apiextensions.k8s.io") {
              await gateway.waitForCrdEstablished(object.metadata.name, { timeoutMs: CRD_ESTABLISHED_TIMEOUT_MS });
            }
            golden.push({ id: row.id, objectKey: row.objectKey });
            result.successful.push(row.objectKey);
          } catch (error) {
            result.failed.set(row.objectKey, describeError(error));
          }
        }),
      ),
    );
  }
  await markGolden(golden);
  result.successful.sort();
  return result;
}

/**
 * Makes sure `namespace` exists, creating it bare under its own field manager: were it applied
 * under the push's manager, a later apply of the release's own Namespace object (labels for Pod
 * Security, istio-injection) would share that manager and server-side apply would drop its labels.
 * A 403 on creating it becomes a reason an operator can act on.
 */
async function ensureNamespace(gateway: KubeGateway, namespace: string): Promise<void> {
  try {
    await withKubeRetries(() => gateway.ensureNamespace(namespace, NAMESPACE_FIELD_MANAGER));
  } catch (error) {
    const denied = asKubeError(error);
    if (denied?.status !== 403 || denied.operation !== "apply") throw error;
    throw new Error(
      `namespace ${namespace} does not exist and the manager may not create namespaces: create it, or grant create and patch on namespaces to the manager's ServiceAccount (the API server answered 403: ${denied.serverMessage})`,
    );
  }
}
