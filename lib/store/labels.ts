import { getPrisma } from "@/lib/db";
import { type Tx, reader } from "./tx";

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
export async function ensureDefaultBindings(tx?: Tx): Promise<{ labels: number; bindings: number }> {
  const run = async (db: Tx) => {
    const objects = await db.baseConfig.findMany({ distinct: ["objectName"], select: { objectName: true, kind: true } });
    const kinds = new Set<string>([...DEFAULT_KIND_LABELS, ...objects.map((o) => o.kind)]);
    const labels = await db.resourceLabel.createMany({
      data: [...kinds].map((name) => ({ name, isDefault: true })),
      skipDuplicates: true,
    });
    const bindings = await db.labelBinding.createMany({
      data: objects.map((o) => ({ label: o.kind, objectName: o.objectName })),
      skipDuplicates: true,
    });
    return { labels: labels.count, bindings: bindings.count };
  };
  if (tx) return run(tx);
  const prisma = await getPrisma();
  return prisma.$transaction((t) => run(t));
}

export async function countDefaultLabels(): Promise<number> {
  const prisma = await getPrisma();
  return prisma.resourceLabel.count({ where: { isDefault: true } });
}

export type Binding = { label: string; objectName: string; isDefault: boolean; createdAt: Date };

export async function listBindings(tx?: Tx): Promise<Binding[]> {
  const db = await reader(tx);
  const rows = await db.labelBinding.findMany({ include: { resourceLabel: { select: { isDefault: true } } }, orderBy: [{ label: "asc" }, { objectName: "asc" }] });
  return rows.map((r) => ({ label: r.label, objectName: r.objectName, isDefault: r.resourceLabel.isDefault, createdAt: r.createdAt }));
}

export async function listLabels(tx?: Tx): Promise<{ name: string; isDefault: boolean }[]> {
  const db = await reader(tx);
  return db.resourceLabel.findMany({ select: { name: true, isDefault: true }, orderBy: { name: "asc" } });
}

export async function createBindings(tx: Tx, labels: readonly string[], objectNames: readonly string[]): Promise<number> {
  await tx.resourceLabel.createMany({ data: labels.map((name) => ({ name })), skipDuplicates: true });
  const created = await tx.labelBinding.createMany({
    data: labels.flatMap((label) => objectNames.map((objectName) => ({ label, objectName }))),
    skipDuplicates: true,
  });
  return created.count;
}

/** The labels an object is bound to. */
export async function labelsBoundTo(tx: Tx, objectName: string): Promise<string[]> {
  const rows = await tx.labelBinding.findMany({ where: { objectName }, select: { label: true }, orderBy: { label: "asc" } });
  return rows.map((r) => r.label);
}

export async function deleteBindings(tx: Tx, objectName: string, labels: readonly string[]): Promise<void> {
  if (labels.length > 0) await tx.labelBinding.deleteMany({ where: { objectName, label: { in: [...labels] } } });
}
