import { randomUUID } from "node:crypto";
import type { Prisma } from "@/lib/generated/prisma/client";
import { type ClaimedJob, claimJob, finishJob, heartbeat, recoverStaleJobs } from "@/lib/store/jobs";

/**
 * The in-process worker of the durable job queue. Each job type has a handler; a handler returns
 * the job's result (SUCCESS) or throws (FAILED, with the error's message). Handlers must be safe
 * to run again after an interruption: a job interrupted by a restart is claimed again.
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
    if (!handler) throw new Error(`No handler for job type ${job.type}`);
    const outcome = await handler(job);
    await finishJob(job.id, outcome.status, outcome.result, outcome.error ?? null);
  } catch (error) {
    await finishJob(job.id, "FAILED", {}, (error as Error).message ?? String(error)).catch(() => undefined);
  } finally {
    clearInterval(beat);
  }
}
