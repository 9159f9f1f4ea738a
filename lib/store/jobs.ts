import { getPrisma } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";

/**
 * Durable jobs: WAITING → RUNNING → SUCCESS | FAILED. A job is claimed atomically (FOR UPDATE
 * SKIP LOCKED), so several replicas on one PostgreSQL share the queue; a RUNNING job whose
 * worker stopped sending heartbeats is put back (or failed after too many attempts).
 */

export type JobRow = Prisma.JobGetPayload<object>;
export type ClaimedJob = { id: string; type: string; input: Prisma.JsonValue; result: Prisma.JsonValue | null; attempts: number };

export const MAX_ATTEMPTS = 3;

export async function enqueueJob(type: string, input: Prisma.InputJsonValue, createdBy: string | null): Promise<string> {
  const prisma = await getPrisma();
  const job = await prisma.job.create({ data: { type, input, createdBy } });
  return job.id;
}

const LABEL_LOCK = 72_390_011;

/**
 * Enqueues a job whose label (at `labelPath` in its input) is `label-<n>`: n is the epoch ms now, or
 * the next number no job of `type` has — unique across replicas on one database (an advisory lock
 * serializes the choice).
 */
export async function enqueueJobWithUniqueLabel(
  type: string,
  label: string,
  labelPath: string[],
  input: (uniqueLabel: string) => Prisma.InputJsonValue,
  createdBy: string | null,
): Promise<string> {
  const prisma = await getPrisma();
  return prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT pg_advisory_xact_lock(${LABEL_LOCK}::bigint)::text AS locked`;
    for (let n = Date.now(); ; n++) {
      const candidate = `${label}-${n}`;
      if ((await tx.job.count({ where: { type, input: { path: labelPath, equals: candidate } } })) === 0) {
        return (await tx.job.create({ data: { type, input: input(candidate), createdBy } })).id;
      }
    }
  });
}

export async function claimJob(types: readonly string[], worker: string): Promise<ClaimedJob | null> {
  const prisma = await getPrisma();
  const rows = await prisma.$queryRaw<ClaimedJob[]>`
    UPDATE jobs SET status = 'RUNNING', locked_by = ${worker}, locked_at = now(),
      started_at = COALESCE(started_at, now()), attempts = attempts + 1
    WHERE id = (
      SELECT id FROM jobs WHERE status = 'WAITING' AND type = ANY(${[...types]}::text[])
      ORDER BY created_at FOR UPDATE SKIP LOCKED LIMIT 1)
    RETURNING id::text AS id, type, input, result, attempts`;
  return rows[0] ?? null;
}

export async function heartbeat(id: string, worker: string): Promise<void> {
  const prisma = await getPrisma();
  await prisma.job.updateMany({ where: { id, lockedBy: worker, status: "RUNNING" }, data: { lockedAt: new Date() } });
}

export async function finishJob(id: string, status: "SUCCESS" | "FAILED", result: Prisma.InputJsonValue, error: string | null): Promise<void> {
  const prisma = await getPrisma();
  await prisma.job.update({ where: { id }, data: { status, result, error, finishedAt: new Date(), lockedBy: null, lockedAt: null } });
}

/** RUNNING jobs without a heartbeat for `staleMs` go back to WAITING, or FAILED after MAX_ATTEMPTS. */
export async function recoverStaleJobs(staleMs: number): Promise<number> {
  const prisma = await getPrisma();
  const before = new Date(Date.now() - staleMs);
  const [failed, requeued] = await prisma.$transaction([
    prisma.job.updateMany({
      where: { status: "RUNNING", lockedAt: { lt: before }, attempts: { gte: MAX_ATTEMPTS } },
      data: { status: "FAILED", error: `Interrupted ${MAX_ATTEMPTS} times (the app stopped while it ran); not retried again`, finishedAt: new Date(), lockedBy: null, lockedAt: null },
    }),
    prisma.job.updateMany({
      where: { status: "RUNNING", lockedAt: { lt: before } },
      data: { status: "WAITING", lockedBy: null, lockedAt: null },
    }),
  ]);
  return failed.count + requeued.count;
}

export async function findJob(id: string): Promise<JobRow | null> {
  const prisma = await getPrisma();
  return prisma.job.findUnique({ where: { id } });
}

export async function listJobs(type: string, take = 100): Promise<JobRow[]> {
  const prisma = await getPrisma();
  return prisma.job.findMany({ where: { type }, orderBy: { createdAt: "desc" }, take });
}

export type JobRef = Pick<JobRow, "id" | "type" | "input">;

/** The jobs of `types` (with `finishedBefore`: only those that finished, SUCCESS or FAILED, before it). */
export async function jobsOfTypes(types: readonly string[], options: { finishedBefore?: Date } = {}): Promise<JobRef[]> {
  const prisma = await getPrisma();
  return prisma.job.findMany({
    where: { type: { in: [...types] }, ...(options.finishedBefore ? { status: { in: ["SUCCESS", "FAILED"] }, finishedAt: { lt: options.finishedBefore } } : {}) },
    select: { id: true, type: true, input: true },
  });
}

export async function deleteJobs(ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const prisma = await getPrisma();
  await prisma.job.deleteMany({ where: { id: { in: [...ids] } } });
}
