import { isLeader } from "@/lib/jobs/leader";
import { getConfig } from "@/lib/config/env";
import { type ReplicaSampleInput, insertReplicaSamples, listHealthChecks, pruneHistory, recordCheckRun, removeChecksExcept } from "@/lib/store/health";
import { CHECKS, type CheckDefinition, DATABASE_CHECK, type RunContext, WORKLOAD_CHECK_PREFIX, createRunContext, failedDetails, workloadCheck } from "./checks";
import { rememberRun } from "./last-known";

/**
 * The health loop: every DM_HEALTH_CHECK_INTERVAL_SECONDS all checks run in parallel, each within
 * DM_HEALTH_CHECK_TIMEOUT_MS (a slow or hanging check is recorded as failed and never holds up the
 * others or the next run; the replica sampling too). Results go to the DB and are remembered in
 * memory (last-known.ts); after each run the history is pruned by age
 * (DM_STATS_RETENTION_HOURS) and count per check (DM_HEALTH_HISTORY_MAX_RESULTS). The loop
 * also samples workload replicas (on change, and every REPLICA_SAMPLE_MS) for telemetry STATS.
 * Each Deployment/StatefulSet has its own check (workloadCheck); the checks of workloads that are
 * gone are removed with their history, and while the workloads cannot be listed, the known ones
 * are recorded as failing with the reason.
 */

const REPLICA_SAMPLE_MS = 5 * 60_000;

type HealthLoop = { firstRun: Promise<void>; stop(): Promise<void> };
const globalForHealth = globalThis as typeof globalThis & { __dmHealth?: HealthLoop };

/** Starts the loop once per process (later calls return the running one). */
export function startHealthLoop(): HealthLoop {
  if (globalForHealth.__dmHealth) return globalForHealth.__dmHealth;
  const { intervalMs } = getConfig().health;
  const sampler = new ReplicaSampler();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();
  const tick = () => (current = run());
  const run = async () => {
    const started = Date.now();
    try {
      // With several replicas, one runs and records the checks (the others read the shared
      // results); every replica runs the Database Connection check for itself (last-known.ts).
      const leader = await isLeader("health-checks");
      await runChecksOnce(leader ? { record: true, sampler } : { record: false });
      if (leader) await prune();
    } catch (error) {
      console.error("[health] run failed:", (error as Error).message);
    }
    if (!stopped) {
      timer = setTimeout(() => void tick(), Math.max(0, intervalMs - (Date.now() - started)));
      timer.unref();
    }
  };
  const firstRun = removeChecksExcept(CHECKS.map((c) => c.id), { exceptPrefix: WORKLOAD_CHECK_PREFIX })
    .catch((error: unknown) => console.error("[health] cleanup failed:", (error as Error).message))
    .then(tick);
  globalForHealth.__dmHealth = {
    firstRun,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
      globalForHealth.__dmHealth = undefined;
    },
  };
  return globalForHealth.__dmHealth;
}

/** Resolves once the first run of this process's loop is recorded (at most `maxWaitMs`). */
export async function firstHealthRun(maxWaitMs: number): Promise<void> {
  const loop = globalForHealth.__dmHealth;
  if (!loop) return;
  await Promise.race([loop.firstRun, new Promise((resolve) => setTimeout(resolve, maxWaitMs).unref())]);
}

/**
 * One round: `record` runs every check and records it (and samples replicas, within the same
 * timeout); otherwise only the Database Connection check runs. Every run is remembered in memory.
 */
export async function runChecksOnce(options: { record: true; sampler?: ReplicaSampler } | { record: false }): Promise<void> {
  const ctx = createRunContext();
  const { timeoutMs } = getConfig().health;
  const checks = options.record ? CHECKS : CHECKS.filter((c) => c.id === DATABASE_CHECK.id);
  const runAll = (list: readonly CheckDefinition[]) =>
    Promise.all(
      list.map(async (check) => {
        const run = await runCheck(check, ctx, timeoutMs);
        rememberRun(run);
        if (options.record) await recordCheckRun(run).catch((error: unknown) => console.error(`[health] recording '${check.id}' failed:`, (error as Error).message));
      }),
    );
  await Promise.all([runAll(checks), options.record && runWorkloadChecks(ctx, timeoutMs, runAll)]);
  if (options.record && options.sampler) {
    await withTimeout(options.sampler.sample(ctx), timeoutMs).catch((error: unknown) => console.error("[health] replica sampling failed:", (error as Error).message));
  }
}

/**
 * The per-workload checks: one per listed Deployment/StatefulSet (the checks of those no longer
 * listed are removed with their history); when listing fails, the known ones fail with the reason.
 */
async function runWorkloadChecks(ctx: RunContext, timeoutMs: number, runAll: (checks: readonly CheckDefinition[]) => Promise<unknown>): Promise<void> {
  let workloads;
  try {
    workloads = await withTimeout(ctx.workloads(), timeoutMs);
  } catch (error) {
    const reason = new Error(`The workloads cannot be listed: ${(error as Error).message}`);
    const known = (await listHealthChecks()).filter((row) => row.id.startsWith(WORKLOAD_CHECK_PREFIX));
    await runAll(known.map((row) => ({ id: row.id, component: "workloads", isCritical: row.isCritical, tags: row.tags, run: () => Promise.reject(reason) })));
    return;
  }
  const checks = workloads.map(workloadCheck);
  await runAll(checks);
  await removeChecksExcept(
    checks.map((c) => c.id),
    { prefix: WORKLOAD_CHECK_PREFIX },
  );
}

/** `work`, or a rejection "Timed out after N ms" when it takes longer. */
async function withTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export async function runCheck(check: CheckDefinition, ctx: RunContext, timeoutMs: number) {
  const startedAt = new Date();
  const t0 = performance.now();
  let status: "healthy" | "unhealthy" = "healthy";
  let details: string;
  try {
    details = await withTimeout(check.run(ctx), timeoutMs);
  } catch (error) {
    status = "unhealthy";
    details = failedDetails(error);
  }
  const runtimeMs = Math.round(performance.now() - t0);
  return { id: check.id, component: check.component, tags: check.tags, isCritical: check.isCritical, status, details, startedAt, runtimeMs };
}

async function prune(): Promise<void> {
  const { retentionHours, maxResultsPerCheck } = getConfig().health;
  await pruneHistory(new Date(Date.now() - retentionHours * 3_600_000), maxResultsPerCheck);
}

/** Remembers the last sample per workload; writes a new one on change or after REPLICA_SAMPLE_MS. */
class ReplicaSampler {
  private last = new Map<string, { desired: number; ready: number; at: number }>();

  async sample(ctx: RunContext): Promise<void> {
    const workloads = await ctx.workloads();
    const now = new Date();
    const rows: ReplicaSampleInput[] = [];
    for (const w of workloads) {
      const key = `${w.namespace}/${w.kind}/${w.name}`;
      const prev = this.last.get(key);
      if (prev && prev.desired === w.desired && prev.ready === w.ready && now.getTime() - prev.at < REPLICA_SAMPLE_MS) continue;
      rows.push({ service: w.name, kind: w.kind, namespace: w.namespace, desired: w.desired, ready: w.ready, sampledAt: now });
    }
    await insertReplicaSamples(rows);
    for (const r of rows) this.last.set(`${r.namespace}/${r.kind}/${r.service}`, { desired: r.desired, ready: r.ready, at: now.getTime() });
  }
}
