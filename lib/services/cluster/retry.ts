import type { KubeError } from "@/lib/kube";

/**
 * A KubeError, recognised by shape: the gateway lives on globalThis and may come from another
 * Next.js bundle than the caller's, where `instanceof` sees a different KubeError class.
 */
export function asKubeError(error: unknown): KubeError | null {
  return error instanceof Error && error.name === "KubeError" && typeof (error as KubeError).status === "number" ? (error as KubeError) : null;
}

/** Cluster writes retry what a later attempt can fix: no answer, conflicts, throttling, server errors. */
export function retryable(error: unknown): boolean {
  const status = asKubeError(error)?.status;
  return status !== undefined && (status === 0 || status === 409 || status === 429 || status >= 500);
}

const ATTEMPTS = 4;
/** The longest `Retry-After` honoured: a request never waits longer than this for one retry. */
const MAX_RETRY_AFTER_MS = 10_000;

/**
 * Runs `fn`, retrying retryable failures with exponential backoff and jitter (4 attempts); when the
 * server says how long to wait (`Retry-After` on 429/503), the wait is at least that (up to 10 s).
 */
export async function withKubeRetries<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (attempt >= ATTEMPTS || !retryable(error)) throw error;
      const backoff = 100 * 2 ** attempt + Math.random() * 100;
      const asked = Math.min(asKubeError(error)?.retryAfterMs ?? 0, MAX_RETRY_AFTER_MS);
      await new Promise((resolve) => setTimeout(resolve, Math.max(backoff, asked)));
    }
  }
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
