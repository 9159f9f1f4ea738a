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
    const objects = await db.baseConfig.findMany({ distinct: ["objectKey"], select: { objectKey: true, kind: true } });
    const kinds = new Set<string>([...DEFAULT_KIND_LABELS, ...objects.map((o) => o.kind)]);
    const labels = await db.resourceLabel.createMany({
      data: [...kinds].map((name) => ({ name, isDefault: true })),
      skipDuplicates: true,
    });
    const bindings = await db.labelBinding.createMany({
      data: objects.map((o) => ({ label: o.kind, objectKey: o.objectKey })),
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

export type Binding = { label: string; objectKey: string; isDefault: boolean; createdAt: Date };

export async function listBindings(tx?: Tx): Promise<Binding[]> {
  const db = await reader(tx);
  const rows = await db.labelBinding.findMany({ include: { resourceLabel: { select: { isDefault: true } } }, orderBy: [{ label: "asc" }, { objectKey: "asc" }] });
  return rows.map((r) => ({ label: r.label, objectKey: r.objectKey, isDefault: r.resourceLabel.isDefault, createdAt: r.createdAt }));
}

export async function listLabels(tx?: Tx): Promise<{ name: string; isDefault: boolean }[]> {
  const db = await reader(tx);
  return db.resourceLabel.findMany({ select: { name: true, isDefault: true }, orderBy: { name: "asc" } });
}

export async function createBindings(tx: Tx, labels: readonly string[], objectKeys: readonly string[]): Promise<number> {
  await tx.resourceLabel.createMany({ data: labels.map((name) => ({ name })), skipDuplicates: true });
  const created = await tx.labelBinding.createMany({
    data: labels.flatMap((label) => objectKeys.map((objectKey) => ({ label, objectKey }))),
    skipDuplicates: true,
  });
  return created.count;
}

/** The labels an object is bound to. */
export async function labelsBoundTo(tx: Tx, objectKey: string): Promise<string[]> {
  const rows = await tx.labelBinding.findMany({ where: { objectKey }, select: { label: true }, orderBy: { label: "asc" } });
  return rows.map((r) => r.label);
}

export async function deleteBindings(tx: Tx, objectKey: string, labels: readonly string[]): Promise<void> {
  if (labels.length > 0) await tx.labelBinding.deleteMany({ where: { objectKey, label: { in: [...labels] } } });
}

/** Binds the objects bound by reference `from` (while no object had it) by the key `to` instead. */
export async function rebindObject(tx: Tx, from: string, to: string): Promise<void> {
  const rows = await tx.labelBinding.findMany({ where: { objectKey: from }, select: { label: true } });
  if (rows.length === 0) return;
  await tx.labelBinding.createMany({ data: rows.map((r) => ({ label: r.label, objectKey: to })), skipDuplicates: true });
  await tx.labelBinding.deleteMany({ where: { objectKey: from } });
}
