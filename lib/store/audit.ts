import { getPrisma } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";

export type AuditRow = Prisma.AuditEntryGetPayload<object>;

export async function insertAudit(entry: { actor: string; action: string; target?: string; details?: Prisma.InputJsonValue }): Promise<void> {
  const prisma = await getPrisma();
  await prisma.auditEntry.create({ data: { actor: entry.actor, action: entry.action, target: entry.target ?? "", details: entry.details ?? {} } });
}

/** Newest first; optionally one action only. */
export async function listAudit(page: { limit: number; offset: number; action?: string }): Promise<{ rows: AuditRow[]; total: number }> {
  const prisma = await getPrisma();
  const where = page.action ? { action: page.action } : {};
  const [rows, total] = await Promise.all([
    prisma.auditEntry.findMany({ where, orderBy: { id: "desc" }, take: page.limit, skip: page.offset }),
    prisma.auditEntry.count({ where }),
  ]);
  return { rows, total };
}
