import type { KubeGateway, KubeObject } from "@/lib/kube";
import { listWorkloadsIn, replicasOf, statusOf } from "../cluster/workloads";

/**
 * The platform's workloads (Deployments and StatefulSets of its namespaces, the "services") as
 * the health checks and telemetry see them: desired vs ready replicas and the pod selector.
 */

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
  const lists = await Promise.all(namespaces.map((namespace) => listWorkloadsIn(gateway, namespace)));
  return lists
    .flat()
    .map(toWorkload)
    .sort((a, b) => a.name.localeCompare(b.name) || a.namespace.localeCompare(b.namespace));
}

function toWorkload(object: KubeObject): Workload {
  const selector = (object.spec as { selector?: { matchLabels?: Record<string, string> } } | undefined)?.selector;
  const ready = statusOf(object).readyReplicas;
  return {
    name: object.metadata.name,
    kind: object.kind,
    namespace: object.metadata.namespace ?? "",
    desired: replicasOf(object),
    ready: typeof ready === "number" ? ready : 0,
    selector: selector?.matchLabels ?? {},
  };
}
