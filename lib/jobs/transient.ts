import { isConnectionFailure } from "@/lib/db/connection-failure";
import { isMaterializeError } from "@/lib/materialize";
import { retryable as retryableKubeError } from "@/lib/services/cluster/retry";
import { isDomainError } from "@/lib/services/errors";

/**
 * How the job runner tells a failure worth retrying from one that is final, and what a failed
 * job's `error` may say. A database that cannot be reached or dropped the connection, and a
 * cluster that did not answer, throttled or failed on its side, are transient: the job runs again
 * after a back-off. The error a job keeps is read by API clients: domain and manifest errors say
 * what is wrong in their own words; anything else is named only by its class of fault, never by
 * the driver's text (which carries SQL, parameters, hosts).
 */

/** Runs of one claimed job: the first, then retries after 0.5, 1, 2, 4 and 8 s (15.5 s in all, under the 30 s stale limit). */
export const JOB_RUNS = 6;

export function isTransientJobError(error: unknown): boolean {
  return isConnectionFailure(error) || retryableKubeError(error) || (isDomainError(error) && error.code === "unavailable");
}

/** The wait before retry `retry` (1-based), with up to 20% jitter so replicas do not retry in step. */
export function jobBackoffMs(retry: number, random: () => number = Math.random): number {
  const base = 500 * 2 ** (retry - 1);
  return Math.round(base * (1 + 0.2 * random()));
}

/** The error text a failed job keeps. */
export function publicJobError(error: unknown, runs: number): string {
  if (isDomainError(error) || isMaterializeError(error)) return error.message;
  const tries = runs > 1 ? ` (tried ${runs} times)` : "";
  if (isConnectionFailure(error)) return `Database connection failed${tries}`;
  if (retryableKubeError(error)) return `The cluster did not answer or failed${tries}; deployment/update retries`;
  return "Internal error (details are in the server log)";
}
