import { getConfig } from "@/lib/config/env";
import { ApiError } from "./errors";

/**
 * Failed API tokens per client address (the `Token` header and the console sign-in): after
 * `maxFailures` wrong tokens within a window (counted from the first failure), token attempts
 * from that address answer 429 with `Retry-After` until the window ends, whether the token is
 * right or not, so guessing stops there while other addresses are not affected. Session cookies
 * are not counted (random 256-bit secrets; an expired one must not lock a browser out). In memory,
 * per process: each replica counts its own.
 */

type Entry = { failures: number; windowEnds: number };

export type ThrottleOptions = { maxFailures: number; windowMs: number; maxTracked?: number };

export class AuthThrottle {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly options: ThrottleOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whole seconds until the address may try a token again; 0 when it may now. */
  retryAfterSeconds(address: string): number {
    const entry = this.entries.get(address);
    if (!entry) return 0;
    const left = entry.windowEnds - this.now();
    if (left <= 0) {
      this.entries.delete(address);
      return 0;
    }
    return entry.failures >= this.options.maxFailures ? Math.ceil(left / 1000) : 0;
  }

  /** Throws 429 (with Retry-After) while the address is blocked. */
  assertAllowed(address: string): void {
    const seconds = this.retryAfterSeconds(address);
    if (seconds > 0) {
      throw new ApiError("rate_limited", `Too many failed token attempts from this address: retry in ${seconds} s`, {
        "retry-after": String(seconds),
      });
    }
  }

  recordFailure(address: string): void {
    const now = this.now();
    let entry = this.entries.get(address);
    if (!entry || entry.windowEnds <= now) {
      this.makeRoom(now);
      entry = { failures: 0, windowEnds: now + this.options.windowMs };
      this.entries.set(address, entry);
    }
    entry.failures++;
  }

  get tracked(): number {
    return this.entries.size;
  }

  /** Bounded memory: expired entries go first, then the oldest. */
  private makeRoom(now: number): void {
    const max = this.options.maxTracked ?? 10_000;
    if (this.entries.size < max) return;
    for (const [address, entry] of this.entries) if (entry.windowEnds <= now) this.entries.delete(address);
    for (const address of this.entries.keys()) {
      if (this.entries.size < max) break;
      this.entries.delete(address);
    }
  }
}

// One per process: route bundles may each hold a copy of this module, so it lives on globalThis.
const SHARED = Symbol.for("deployment-manager.auth-throttle");

export function authThrottle(): AuthThrottle {
  const holder = globalThis as { [SHARED]?: AuthThrottle };
  holder[SHARED] ??= new AuthThrottle(getConfig().authThrottle);
  return holder[SHARED];
}
