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
  /** spec.selector (matchLabels and matchExpressions) as a label selector string, to find its pods; "" when it has none. */
  podSelector: string;
};

export type LabelSelector = { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] };

/** A LabelSelector object in the list API's string form: `app=web,env in (prod,dev),!legacy`. */
export function labelSelectorString(selector: LabelSelector | undefined): string {
  const terms = Object.entries(selector?.matchLabels ?? {}).map(([key, value]) => `${key}=${value}`);
  for (const { key, operator, values = [] } of selector?.matchExpressions ?? []) {
    if (operator === "In" || operator === "NotIn") terms.push(`${key} ${operator.toLowerCase()} (${values.join(",")})`);
    else if (operator === "Exists") terms.push(key);
    else if (operator === "DoesNotExist") terms.push(`!${key}`);
  }
  return terms.join(",");
}

export async function listWorkloads(gateway: KubeGateway, namespaces: readonly string[]): Promise<Workload[]> {
  const lists = await Promise.all(namespaces.map((namespace) => listWorkloadsIn(gateway, namespace)));
  return lists
    .flat()
    .map(toWorkload)
    .sort((a, b) => a.name.localeCompare(b.name) || a.namespace.localeCompare(b.namespace));
}

function toWorkload(object: KubeObject): Workload {
  const selector = (object.spec as { selector?: LabelSelector } | undefined)?.selector;
  const ready = statusOf(object).readyReplicas;
  return {
    name: object.metadata.name,
    kind: object.kind,
    namespace: object.metadata.namespace ?? "",
    desired: replicasOf(object),
    ready: typeof ready === "number" ? ready : 0,
    podSelector: labelSelectorString(selector),
  };
}
