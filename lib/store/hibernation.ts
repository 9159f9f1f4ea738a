import { getPrisma } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { readState, writeState } from "./system-state";

export type HibernatedRow = Prisma.HibernatedWorkloadGetPayload<object>;
export type WorkloadKey = { kind: string; namespace: string; name: string };

const FLAG = "hibernation";
export type HibernationFlag = { hibernated: boolean; since: string | null; by: string | null };

export async function readHibernationFlag(): Promise<HibernationFlag> {
  return (await readState<HibernationFlag>(FLAG)) ?? { hibernated: false, since: null, by: null };
}

export async function writeHibernationFlag(flag: HibernationFlag): Promise<void> {
  await writeState(FLAG, flag);
}

export async function listHibernated(): Promise<HibernatedRow[]> {
  const prisma = await getPrisma();
  return prisma.hibernatedWorkload.findMany({ orderBy: [{ namespace: "asc" }, { kind: "asc" }, { name: "asc" }] });
}

/** Records workloads that have no record yet (a second hibernate never overwrites the first). */
export async function recordIfAbsent(rows: readonly Prisma.HibernatedWorkloadCreateManyInput[]): Promise<void> {
  if (rows.length === 0) return;
  const prisma = await getPrisma();
  await prisma.hibernatedWorkload.createMany({ data: [...rows], skipDuplicates: true });
}

/** A push during hibernation: the config's replicas become the ones revive restores. */
export async function upsertReplicas(key: WorkloadKey, replicas: number): Promise<void> {
  const prisma = await getPrisma();
  await prisma.hibernatedWorkload.upsert({
    where: { kind_namespace_name: key },
    create: { ...key, replicas },
    update: { replicas },
  });
}

/** A pushed HPA during hibernation: its bounds become the ones revive restores (when its target is recorded). */
export async function updateHpaBounds(target: WorkloadKey, hpa: { name: string; min: number | null; max: number | null }): Promise<void> {
  const prisma = await getPrisma();
  await prisma.hibernatedWorkload.updateMany({ where: target, data: { hpaName: hpa.name, hpaMin: hpa.min, hpaMax: hpa.max } });
}

export async function deleteHibernated(keys: readonly WorkloadKey[]): Promise<void> {
  if (keys.length === 0) return;
  const prisma = await getPrisma();
  await prisma.hibernatedWorkload.deleteMany({ where: { OR: keys.map((k) => ({ ...k })) } });
}
