import type { Prisma } from "@/lib/generated/prisma/client";
import { insertAudit, listAudit } from "@/lib/store/audit";

/** The audit log of cluster operations: who (token owner or name), when, what, on what, with which outcome. */

export type AuditAction =
  | "deployment.update"
  | "deployment.hibernate"
  | "deployment.revive"
  | "resourcing.cluster-size"
  | "autoscaling.pause"
  | "autoscaling.resume"
  | "autoscaling.scale"
  | "kube.job.delete"
  | "kube.pod.delete"
  | "kube.pod.quarantine";

export async function audit(actor: string, action: AuditAction, target: string, details: Prisma.InputJsonValue = {}): Promise<void> {
  await insertAudit({ actor, action, target, details });
}

export type AuditView = { id: string; at: string; actor: string; action: string; target: string; details: unknown };

export async function auditLog(page: { limit: number; offset: number; action?: string }): Promise<{ entries: AuditView[]; total: number }> {
  const { rows, total } = await listAudit(page);
  return {
    total,
    entries: rows.map((r) => ({ id: r.id.toString(), at: r.at.toISOString(), actor: r.actor, action: r.action, target: r.target, details: r.details })),
  };
}
