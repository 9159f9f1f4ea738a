import type { Prisma } from "@/lib/generated/prisma/client";
import { type Tx, reader } from "./tx";

export type PatchRow = Prisma.PatchGetPayload<object>;

/**
 * Patch versions are epoch milliseconds, strictly increasing across the whole store (deleted
 * patches included): two patches in one millisecond get consecutive numbers. Call under the
 * write lock.
 */
export async function allocatePatchVersions(tx: Tx, count: number): Promise<bigint[]> {
  const last = await tx.patch.aggregate({ _max: { version: true } });
  let next = BigInt(Date.now());
  const max = last._max.version;
  if (max !== null && max >= next) next = max + BigInt(1);
  return Array.from({ length: count }, (_, i) => next + BigInt(i));
}

export async function insertPatches(tx: Tx, rows: Prisma.PatchCreateManyInput[]): Promise<void> {
  if (rows.length) await tx.patch.createMany({ data: rows });
}

/** Live (not deleted) patches, optionally only those aimed at some targets, in version order. */
export async function listPatches(filter: { targets?: readonly string[] } = {}, tx?: Tx): Promise<PatchRow[]> {
  const db = await reader(tx);
  return db.patch.findMany({
    where: { deletedAt: null, ...(filter.targets ? { target: { in: [...filter.targets] } } : {}) },
    orderBy: { version: "asc" },
  });
}

/**
 * The patches aimed at some targets with a version below (or up to) `version` that were live at
 * `time` (not deleted, or deleted later), in version order.
 */
export async function listPatchesLiveAt(targets: readonly string[], version: { lt: bigint } | { lte: bigint }, time: Date, tx?: Tx): Promise<PatchRow[]> {
  const db = await reader(tx);
  return db.patch.findMany({
    where: { target: { in: [...targets] }, version, OR: [{ deletedAt: null }, { deletedAt: { gt: time } }] },
    orderBy: { version: "asc" },
  });
}

export async function findPatch(version: bigint, tx?: Tx): Promise<PatchRow | null> {
  const db = await reader(tx);
  return db.patch.findUnique({ where: { version } });
}

/** How many of these patches are not deleted. */
export async function countLivePatches(versions: readonly bigint[], tx?: Tx): Promise<number> {
  const db = await reader(tx);
  return db.patch.count({ where: { version: { in: [...versions] }, deletedAt: null } });
}

/** Patches are never erased: a deleted patch keeps its row (history) with `deletedAt` set. */
export async function markPatchDeleted(tx: Tx, version: bigint): Promise<void> {
  await tx.patch.update({ where: { version }, data: { deletedAt: new Date() } });
}

/** Patches (live or deleted) aimed at some targets whose body is stored in clear. */
export async function listPlaintextPatches(tx: Tx, targets: readonly string[]): Promise<PatchRow[]> {
  return tx.patch.findMany({ where: { target: { in: [...targets] }, metadata: { path: ["isEncrypted"], equals: false } }, orderBy: { version: "asc" } });
}

/** Replaces a patch's stored body by its encrypted form (the same patch, sealed at rest). */
export async function sealPatch(tx: Tx, version: bigint, body: string, metadata: Prisma.InputJsonValue): Promise<void> {
  await tx.patch.update({ where: { version }, data: { body, metadata } });
}

/** The distinct targets of live patches. */
export async function listLiveTargets(tx: Tx): Promise<string[]> {
  const rows = await tx.patch.findMany({ where: { deletedAt: null }, distinct: ["target"], select: { target: true } });
  return rows.map((r) => r.target);
}

/**
 * Aims the live patches written for `from` (a reference to an object that did not exist then) at
 * the key of the object that now has it; `metadata.writtenTarget` keeps what they said.
 */
export async function retargetPatches(tx: Tx, from: string, to: string): Promise<void> {
  const rows = await tx.patch.findMany({ where: { target: from, deletedAt: null }, select: { version: true, metadata: true } });
  for (const row of rows) {
    await tx.patch.update({
      where: { version: row.version },
      data: { target: to, metadata: { ...(row.metadata as Prisma.JsonObject), writtenTarget: from } },
    });
  }
}
