import { getPrisma } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";

/**
 * Health checks: the latest state of each check (one row per check id) and the history of its
 * runs, kept for a bounded time and count. Also the other STATS series the app records: workload
 * replica samples and API request counts/latencies per route and minute.
 */

export type HealthCheckRow = Prisma.HealthCheckGetPayload<object>;
export type HealthResultRow = Prisma.HealthCheckResultGetPayload<object>;

export type CheckRun = {
  id: string;
  component: string;
  tags: string[];
  isCritical: boolean;
  status: "healthy" | "unhealthy";
  details: string;
  startedAt: Date;
  runtimeMs: number;
};

/** Records one run: the history row, and the check's latest state (fails counted contiguously). */
export async function recordCheckRun(run: CheckRun): Promise<void> {
  const prisma = await getPrisma();
  const healthy = run.status === "healthy";
  const common = {
    component: run.component,
    status: run.status,
    details: run.details,
    tags: run.tags,
    isCritical: run.isCritical,
    lastCheckedAt: run.startedAt,
    lastCheckRuntimeMs: run.runtimeMs,
  };
  await prisma.$transaction([
    prisma.healthCheck.upsert({
      where: { id: run.id },
      create: { id: run.id, ...common, firstCheckStartedAt: run.startedAt, contiguousFails: healthy ? 0 : 1, lastSuccessAt: healthy ? run.startedAt : null },
      update: { ...common, contiguousFails: healthy ? 0 : { increment: 1 }, ...(healthy ? { lastSuccessAt: run.startedAt } : {}) },
    }),
    prisma.healthCheckResult.create({
      data: { checkId: run.id, status: run.status, details: run.details, runtimeMs: run.runtimeMs, checkedAt: run.startedAt },
    }),
  ]);
}

export async function listHealthChecks(): Promise<HealthCheckRow[]> {
  const prisma = await getPrisma();
  return prisma.healthCheck.findMany({ orderBy: [{ component: "asc" }, { id: "asc" }] });
}

/**
 * Checks that are no longer defined disappear with their history: those not in `keep`, among the
 * ids that start with `prefix` (all when none) and do not start with `exceptPrefix`.
 */
export async function removeChecksExcept(keep: readonly string[], scope: { prefix?: string; exceptPrefix?: string }): Promise<void> {
  const prisma = await getPrisma();
  await prisma.healthCheck.deleteMany({
    where: {
      id: { notIn: [...keep], ...(scope.prefix ? { startsWith: scope.prefix } : {}) },
      ...(scope.exceptPrefix ? { NOT: { id: { startsWith: scope.exceptPrefix } } } : {}),
    },
  });
}

/** The newest `perCheck` results of every check, oldest first. */
export async function recentResults(perCheck: number): Promise<HealthResultRow[]> {
  const prisma = await getPrisma();
  return prisma.$queryRaw<HealthResultRow[]>`
    SELECT id, "checkId", status, details, "runtimeMs", "checkedAt" FROM (
      SELECT id, check_id AS "checkId", status, details, runtime_ms AS "runtimeMs", checked_at AS "checkedAt",
        row_number() OVER (PARTITION BY check_id ORDER BY checked_at DESC, id DESC) AS rn
      FROM health_check_results) ranked
    WHERE rn <= ${perCheck}
    ORDER BY "checkId", "checkedAt", id`;
}

/** The newest `take` results within [start, end], newest first. */
export async function resultsBetween(start: Date, end: Date, take: number): Promise<HealthResultRow[]> {
  const prisma = await getPrisma();
  return prisma.healthCheckResult.findMany({
    where: { checkedAt: { gte: start, lte: end } },
    orderBy: [{ checkedAt: "desc" }, { id: "desc" }],
    take,
  });
}

export type ReplicaSampleInput = { service: string; kind: string; namespace: string; desired: number; ready: number; sampledAt: Date };

export async function insertReplicaSamples(rows: readonly ReplicaSampleInput[]): Promise<void> {
  if (rows.length === 0) return;
  const prisma = await getPrisma();
  await prisma.replicaSample.createMany({ data: [...rows] });
}

/** The newest `take` samples of the services within [start, end], newest first. */
export async function replicaSamplesBetween(services: readonly string[], start: Date, end: Date, take: number) {
  const prisma = await getPrisma();
  return prisma.replicaSample.findMany({
    where: { service: { in: [...services] }, sampledAt: { gte: start, lte: end } },
    orderBy: [{ sampledAt: "desc" }, { id: "desc" }],
    take,
  });
}

export type ApiStatDelta = { bucketStart: Date; method: string; route: string; count: number; errorCount: number; totalMs: number; maxMs: number };

/** Adds counts to the per-minute buckets (one statement per batch; replicas add to the same rows). */
export async function addApiRequestStats(rows: readonly ApiStatDelta[]): Promise<void> {
  if (rows.length === 0) return;
  const prisma = await getPrisma();
  await prisma.$executeRaw`
    INSERT INTO api_request_stats (bucket_start, method, route, count, error_count, total_ms, max_ms)
    SELECT * FROM unnest(
      ${rows.map((r) => r.bucketStart)}::timestamptz[], ${rows.map((r) => r.method)}::text[], ${rows.map((r) => r.route)}::text[],
      ${rows.map((r) => r.count)}::int[], ${rows.map((r) => r.errorCount)}::int[],
      ${rows.map((r) => r.totalMs)}::float8[], ${rows.map((r) => r.maxMs)}::float8[])
    ON CONFLICT (bucket_start, method, route) DO UPDATE SET
      count = api_request_stats.count + excluded.count,
      error_count = api_request_stats.error_count + excluded.error_count,
      total_ms = api_request_stats.total_ms + excluded.total_ms,
      max_ms = GREATEST(api_request_stats.max_ms, excluded.max_ms)`;
}

/** The newest `take` per-minute buckets overlapping [start, end], newest first. */
export async function apiRequestStatsBetween(start: Date, end: Date, take: number) {
  const prisma = await getPrisma();
  return prisma.apiRequestStat.findMany({
    where: { bucketStart: { gte: new Date(start.getTime() - (start.getTime() % 60_000)), lte: end } },
    orderBy: [{ bucketStart: "desc" }, { route: "desc" }, { method: "desc" }],
    take,
  });
}

/**
 * Retention: results and samples older than `olderThan` go; each check keeps at most `maxPerCheck`
 * results.
 */
export async function pruneHistory(olderThan: Date, maxPerCheck: number): Promise<void> {
  const prisma = await getPrisma();
  await prisma.$transaction([
    prisma.healthCheckResult.deleteMany({ where: { checkedAt: { lt: olderThan } } }),
    prisma.$executeRaw`
      DELETE FROM health_check_results WHERE id IN (
        SELECT id FROM (
          SELECT id, row_number() OVER (PARTITION BY check_id ORDER BY checked_at DESC, id DESC) AS rn
          FROM health_check_results) ranked
        WHERE rn > ${maxPerCheck})`,
    prisma.replicaSample.deleteMany({ where: { sampledAt: { lt: olderThan } } }),
    prisma.apiRequestStat.deleteMany({ where: { bucketStart: { lt: olderThan } } }),
  ]);
}
