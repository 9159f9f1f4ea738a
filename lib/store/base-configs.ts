import type { Prisma } from "@/lib/generated/prisma/client";
import { type Tx, reader } from "./tx";

export type BaseConfigHead = {
  id: string;
  objectKey: string;
  apiGroup: string;
  namespace: string;
  name: string;
  releaseVersion: string;
  revision: number;
  kind: string;
  createdAt: Date;
};

const headSelect = { id: true, objectKey: true, apiGroup: true, namespace: true, name: true, releaseVersion: true, revision: true, kind: true, createdAt: true } as const;

/** Every stored base config revision without its text (cheap: used to resolve the current bases). */
export async function listBaseConfigHeads(tx?: Tx, objectKeys?: readonly string[]): Promise<BaseConfigHead[]> {
  const db = await reader(tx);
  return db.baseConfig.findMany({
    where: objectKeys ? { objectKey: { in: [...objectKeys] } } : {},
    select: headSelect,
  });
}

export async function getBaseConfigsByIds(ids: readonly string[], tx?: Tx) {
  const db = await reader(tx);
  return db.baseConfig.findMany({ where: { id: { in: [...ids] } } });
}

export type NewBaseConfig = Prisma.BaseConfigCreateManyInput;

export async function insertBaseConfigs(tx: Tx, rows: NewBaseConfig[]): Promise<void> {
  if (rows.length) await tx.baseConfig.createMany({ data: rows });
}

/** `object`: the key of one object. */
export async function findBaseConfigs(filter: { version?: string; object?: string }, tx?: Tx) {
  const db = await reader(tx);
  return db.baseConfig.findMany({
    where: { ...(filter.version ? { releaseVersion: filter.version } : {}), ...(filter.object ? { objectKey: filter.object } : {}) },
    orderBy: [{ objectKey: "asc" }, { createdAt: "asc" }, { revision: "asc" }],
  });
}

export async function listReleaseVersions(tx?: Tx): Promise<string[]> {
  const db = await reader(tx);
  const rows = await db.baseConfig.findMany({ distinct: ["releaseVersion"], select: { releaseVersion: true } });
  return rows.map((row) => row.releaseVersion);
}

/** Per release: when it was first and last uploaded, and by which tokens. */
export async function releaseUploads(tx?: Tx) {
  const db = await reader(tx);
  const rows = await db.baseConfig.groupBy({
    by: ["releaseVersion", "uploadedBy"],
    _min: { createdAt: true },
    _max: { createdAt: true },
  });
  return rows.map((row) => ({
    releaseVersion: row.releaseVersion,
    uploadedBy: row.uploadedBy,
    firstAt: row._min.createdAt!,
    lastAt: row._max.createdAt!,
  }));
}
