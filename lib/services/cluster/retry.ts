import { isKubeError } from "@/lib/kube";

/** Cluster writes retry what a later attempt can fix: no answer, conflicts, throttling, server errors. */
export function retryable(error: unknown): boolean {
  if (!isKubeError(error)) return false;
  return error.status === 0 || error.status === 409 || error.status === 429 || error.status >= 500;
}

const ATTEMPTS = 4;

/** Runs `fn`, retrying retryable failures with exponential backoff and jitter (4 attempts). */
export async function withKubeRetries<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (attempt >= ATTEMPTS || !retryable(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt + Math.random() * 100));
    }
  }
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
