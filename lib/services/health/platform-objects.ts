import { getConfig } from "@/lib/config/env";
import type { KubeGateway, KubeObject } from "@/lib/kube";
import { parseDocument } from "@/lib/materialize";
import { goldenConfigRows } from "@/lib/store/golden";
import { decrypt } from "../crypto";

/**
 * What the platform consists of, as the health checks and telemetry see it: the configs applied
 * to the cluster (golden), the namespaces they live in, and the workloads (Deployments and
 * StatefulSets, the platform's "services") running there.
 */

export type GoldenObject = { name: string; kind: string; apiVersion: string; namespace: string | undefined; object: KubeObject };

export async function goldenObjects(): Promise<GoldenObject[]> {
  const rows = await goldenConfigRows();
  const objects: GoldenObject[] = [];
  for (const row of rows) {
    try {
      const object = parseDocument(decrypt(row.config)) as KubeObject;
      objects.push({ name: row.objectName, kind: object.kind, apiVersion: object.apiVersion, namespace: object.metadata?.namespace, object });
    } catch {
      // an unreadable stored config is not the cluster's drift; the config views report it
    }
  }
  return objects;
}

/** DM_NAMESPACE and every namespace an applied config names. */
export function platformNamespaces(golden: readonly GoldenObject[]): string[] {
  return [...new Set([getConfig().namespace, ...golden.map((g) => g.namespace).filter((ns): ns is string => !!ns)])].sort();
}

export const WORKLOAD_KINDS = ["Deployment", "StatefulSet"] as const;

export type Workload = {
  name: string;
  kind: string;
  namespace: string;
  desired: number;
  ready: number;
  /** spec.selector.matchLabels, to find its pods. */
  selector: Record<string, string>;
};

export async function listWorkloads(gateway: KubeGateway, namespaces: readonly string[]): Promise<Workload[]> {
  const lists = await Promise.all(
    namespaces.flatMap((namespace) => WORKLOAD_KINDS.map((kind) => gateway.list(kind, { namespace }).then((items) => items.map((o) => toWorkload(o, kind, namespace))))),
  );
  return lists.flat().sort((a, b) => a.name.localeCompare(b.name) || a.namespace.localeCompare(b.namespace));
}

function toWorkload(object: KubeObject, kind: string, namespace: string): Workload {
  const spec = (object.spec ?? {}) as { replicas?: number; selector?: { matchLabels?: Record<string, string> } };
  const status = (object.status ?? {}) as { readyReplicas?: number };
  return {
    name: object.metadata.name,
    kind,
    namespace,
    desired: typeof spec.replicas === "number" ? spec.replicas : 1,
    ready: status.readyReplicas ?? 0,
    selector: spec.selector?.matchLabels ?? {},
  };
}
