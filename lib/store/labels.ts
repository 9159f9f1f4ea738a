import { getPrisma } from "@/lib/db";

/** The kinds whose labels exist from setup on; every object is bound to the label of its kind. */
export const DEFAULT_KIND_LABELS = [
  "ConfigMap",
  "CronJob",
  "DaemonSet",
  "Deployment",
  "HorizontalPodAutoscaler",
  "Ingress",
  "Job",
  "NetworkPolicy",
  "PersistentVolumeClaim",
  "PodDisruptionBudget",
  "Role",
  "RoleBinding",
  "Secret",
  "Service",
  "ServiceAccount",
  "StatefulSet",
] as const;

/**
 * Creates the default kind labels and binds every stored object to the label of its kind
 * (kinds outside the list get a default label too). Idempotent.
 */
export async function ensureDefaultBindings(): Promise<{ labels: number; bindings: number }> {
  const prisma = await getPrisma();
  return prisma.$transaction(async (tx) => {
    const objects = await tx.baseConfig.findMany({ distinct: ["objectName"], select: { objectName: true, kind: true } });
    const kinds = new Set<string>([...DEFAULT_KIND_LABELS, ...objects.map((o) => o.kind)]);
    const labels = await tx.resourceLabel.createMany({
      data: [...kinds].map((name) => ({ name, isDefault: true })),
      skipDuplicates: true,
    });
    const bindings = await tx.labelBinding.createMany({
      data: objects.map((o) => ({ label: o.kind, objectName: o.objectName })),
      skipDuplicates: true,
    });
    return { labels: labels.count, bindings: bindings.count };
  });
}

export async function countDefaultLabels(): Promise<number> {
  const prisma = await getPrisma();
  return prisma.resourceLabel.count({ where: { isDefault: true } });
}
