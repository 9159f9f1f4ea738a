import { getPrisma } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { type Tx, reader } from "./tx";

export type MaterializedRow = Prisma.MaterializedConfigGetPayload<object>;

/** The newest materialized row of each object (or of the named ones). */
export async function latestMaterialized(objectKeys?: readonly string[], tx?: Tx): Promise<MaterializedRow[]> {
  const db = await reader(tx);
  const ids = objectKeys
    ? await db.$queryRaw<{ id: string }[]>`
        SELECT DISTINCT ON (object_name) id FROM materialized_configs
        WHERE object_name = ANY(${[...objectKeys]}::text[])
        ORDER BY object_name, timestamp_ms DESC, created_at DESC`
    : await db.$queryRaw<{ id: string }[]>`
        SELECT DISTINCT ON (object_name) id FROM materialized_configs
        ORDER BY object_name, timestamp_ms DESC, created_at DESC`;
  if (ids.length === 0) return [];
  return db.materializedConfig.findMany({ where: { id: { in: ids.map((r) => r.id) } }, orderBy: { objectKey: "asc" } });
}

/** The newest materialized row of one object (one indexed query). */
export async function latestMaterializedOf(objectKey: string, tx?: Tx): Promise<MaterializedRow | null> {
  const db = await reader(tx);
  return db.materializedConfig.findFirst({ where: { objectKey }, orderBy: [{ timestampMs: "desc" }, { createdAt: "desc" }] });
}

export async function insertMaterialized(tx: Tx, rows: Prisma.MaterializedConfigCreateManyInput[]): Promise<void> {
  if (rows.length) await tx.materializedConfig.createMany({ data: rows });
}

/** Every row of one object, oldest first (its history). */
export async function materializedHistory(objectKey: string, tx?: Tx): Promise<MaterializedRow[]> {
  const db = await reader(tx);
  return db.materializedConfig.findMany({ where: { objectKey }, orderBy: [{ timestampMs: "asc" }, { createdAt: "asc" }] });
}

/** The rows now in the cluster become IS_GOLDEN; the object's earlier golden row stops being so. */
export async function markGolden(rows: readonly { id: string; objectKey: string }[]): Promise<void> {
  if (rows.length === 0) return;
  const prisma = await getPrisma();
  await prisma.$transaction([
    prisma.materializedConfig.updateMany({
      where: { objectKey: { in: rows.map((r) => r.objectKey) }, state: "IS_GOLDEN", id: { notIn: rows.map((r) => r.id) } },
      data: { state: "NOT_GOLDEN" },
    }),
    prisma.materializedConfig.updateMany({ where: { id: { in: rows.map((r) => r.id) } }, data: { state: "IS_GOLDEN" } }),
  ]);
}

/** Per object, the newest patch version that is in the cluster (from its golden row). */
export async function goldenPatchVersions(tx?: Tx): Promise<Map<string, bigint | null>> {
  const db = await reader(tx);
  const rows = await db.materializedConfig.findMany({ where: { state: "IS_GOLDEN" }, select: { objectKey: true, patchVersion: true } });
  return new Map(rows.map((r) => [r.objectKey, r.patchVersion]));
}
