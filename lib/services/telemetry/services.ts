import type { KubeGateway } from "@/lib/kube";
import { invalidInput } from "@/lib/services/errors";
import { loadStoreView } from "../configs/state";
import { getKube } from "../cluster";
import { isWorkloadKind, platformNamespaces } from "../cluster/workloads";
import { type Workload, listWorkloads } from "../health/platform-objects";

/**
 * The platform's services: its workloads (Deployments and StatefulSets) by object name, whether
 * stored as base configs or running in the platform namespaces.
 */

export type ServiceInfo = { name: string; kind: string; stored: boolean; live: Workload | null };

export async function listServices(): Promise<ServiceInfo[]> {
  const [view, live] = await Promise.all([loadStoreView(), liveWorkloads().catch(() => [] as Workload[])]);
  const services = new Map<string, ServiceInfo>();
  for (const head of view.objects.values()) {
    if (isWorkloadKind(head.kind)) services.set(head.name, { name: head.name, kind: head.kind, stored: true, live: null });
  }
  for (const w of live) {
    const known = services.get(w.name);
    services.set(w.name, { name: w.name, kind: w.kind, stored: known?.stored ?? false, live: w });
  }
  return [...services.values()].sort((a, b) => a.name.localeCompare(b.name));
}

async function liveWorkloads(): Promise<Workload[]> {
  const gateway: KubeGateway = (await getKube()).gateway;
  return listWorkloads(gateway, await platformNamespaces());
}

/** 400 naming every requested service that is not one of the platform's. */
export async function assertKnownServices(names: readonly string[]): Promise<void> {
  const known = new Set((await listServices()).map((s) => s.name));
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length) {
    throw invalidInput(`Invalid parameters: services: unknown service(s) ${unknown.join(", ")} (services are the platform's Deployments and StatefulSets)`);
  }
}
