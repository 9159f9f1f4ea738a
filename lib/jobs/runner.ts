import { randomUUID } from "node:crypto";
import type { Prisma } from "@/lib/generated/prisma/client";
import { type ClaimedJob, claimJob, findJob, finishJob, heartbeat, recoverStaleJobs } from "@/lib/store/jobs";
import { JOB_RUNS, isTransientJobError, jobBackoffMs, publicJobError } from "./transient";

/**
 * The in-process worker of the durable job queue. Each job type has a handler; a handler returns
 * the job's result (SUCCESS) or throws. Handlers must be safe to run again after an interruption:
 * a job interrupted by a restart is claimed again, and a transient failure (the database or the
 * cluster briefly unreachable, transient.ts) runs the handler again after a back-off, with the
 * progress it recorded so far (`result`, re-read from the database). A job that still fails is
 * FAILED with that progress kept and an error that carries no driver internals. If even that
 * cannot be recorded, the job stays RUNNING without heartbeats and is claimed again later.
 */

export type JobOutcome = { status: "SUCCESS" | "FAILED"; result: Prisma.InputJsonValue; error?: string };
export type JobHandler = (job: ClaimedJob) => Promise<JobOutcome>;

const POLL_MS = 500;
const HEARTBEAT_MS = 5_000;
const STALE_MS = 30_000;
const CONCURRENCY = 2;

type Runner = { wake(): void; stop(): Promise<void> };
const globalForJobs = globalThis as typeof globalThis & { __dmJobs?: Runner };
const handlers = new Map<string, JobHandler>();

export function registerJobHandler(type: string, handler: JobHandler): void {
  handlers.set(type, handler);
}

/** Starts the worker once per process; later calls return the running one. */
export function startJobRunner(): Runner {
  if (globalForJobs.__dmJobs) return globalForJobs.__dmJobs;
  const worker = `worker-${randomUUID()}`;
  let running = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const active = new Set<Promise<void>>();

  const tick = async () => {
    if (stopped) return;
    try {
      await recoverStaleJobs(STALE_MS);
      while (!stopped && running < CONCURRENCY) {
        const job = await claimJob([...handlers.keys()], worker);
        if (!job) break;
        running++;
        const done = run(job, worker).finally(() => {
          running--;
          active.delete(done);
          schedule(0);
        });
        active.add(done);
      }
    } catch (error) {
      console.error("[jobs] poll failed:", (error as Error).message);
    }
    schedule(POLL_MS);
  };
  const schedule = (ms: number) => {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(() => void tick(), ms);
    timer.unref();
  };
  schedule(0);
  globalForJobs.__dmJobs = {
    wake: () => schedule(0),
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await Promise.allSettled(active);
      globalForJobs.__dmJobs = undefined;
    },
  };
  return globalForJobs.__dmJobs;
}

/** Tells the local worker a job was queued (other replicas find it by polling). */
export function wakeJobRunner(): void {
  globalForJobs.__dmJobs?.wake();
}

async function run(job: ClaimedJob, worker: string): Promise<void> {
  const handler = handlers.get(job.type);
  const beat = setInterval(() => void heartbeat(job.id, worker).catch(() => undefined), HEARTBEAT_MS);
  beat.unref();
  try {
    if (!handler) {
      await finishJob(job.id, "FAILED", job.result ?? {}, `No handler for job type ${job.type}`);
      return;
    }
    let current = job;
    for (let runs = 1; ; runs++) {
      try {
        const outcome = await handler(current);
        await finishJob(job.id, outcome.status, outcome.result, outcome.error ?? null);
        return;
      } catch (error) {
        if (runs >= JOB_RUNS || !isTransientJobError(error)) {
          await failJob(job, error, runs);
          return;
        }
        console.warn(`[jobs] ${job.type} ${job.id}: transient failure (${describe(error)}), retry ${runs} of ${JOB_RUNS - 1}`);
        await new Promise((resolve) => setTimeout(resolve, jobBackoffMs(runs)));
        current = await withProgress(job).catch(() => current);
      }
    }
  } finally {
    clearInterval(beat);
  }
}

/** The claimed job with the progress its handler has recorded since (`result`). */
async function withProgress(job: ClaimedJob): Promise<ClaimedJob> {
  const row = await findJob(job.id);
  return row ? { ...job, result: row.result } : job;
}

async function failJob(job: ClaimedJob, error: unknown, runs: number): Promise<void> {
  console.error(`[jobs] ${job.type} ${job.id} failed after ${runs} run(s): ${describe(error)}`);
  const progress = (await withProgress(job).catch(() => job)).result;
  await finishJob(job.id, "FAILED", progress ?? {}, publicJobError(error, runs)).catch(() => undefined);
}

/** For the server log: name and message only (stacks and driver payloads can carry parameters). */
function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message.slice(0, 300)}` : "non-error thrown";
}
