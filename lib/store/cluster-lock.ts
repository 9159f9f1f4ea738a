import { getDb } from "@/lib/db";

const CLUSTER_LOCK = 72_390_004;

/**
 * The queue of this process's cluster writes. It lives on globalThis: Next.js may evaluate this
 * module in several bundles (one per route), and a push and a hibernate must share one queue.
 */
const globalForLock = globalThis as typeof globalThis & { __dmClusterQueue?: Promise<unknown> };

/**
 * Runs `fn` when no other cluster write (push, hibernate, revive) runs: one after another in this
 * process, and under a PostgreSQL advisory lock across replicas. So a hibernate never overlaps a
 * push that would scale workloads back up, and a push never overlaps a revive.
 */
export function withClusterLock<T>(fn: () => Promise<T>): Promise<T> {
  const run = (globalForLock.__dmClusterQueue ?? Promise.resolve()).then(async () => (await getDb()).db.withLock(CLUSTER_LOCK, fn));
  globalForLock.__dmClusterQueue = run.catch(() => undefined);
  return run;
}
