import { getConfig } from "@/lib/config/env";
import { ApiError } from "./errors";

/**
 * Failed API tokens per client address (the `Token` header and the console sign-in): after
 * `maxFailures` wrong tokens within a window (counted from the first failure), token attempts
 * from that address answer 429 with `Retry-After` until the window ends, whether the token is
 * right or not, so guessing stops there while other addresses are not affected. Session cookies
 * are not counted (random 256-bit secrets; an expired one must not lock a browser out). In memory,
 * per process: each replica counts its own.
 *
 * Memory is bounded by `maxTracked` addresses, but a blocked address is never evicted (else failing
 * once from many other addresses would unblock it): room is made from expired entries, then from
 * the oldest addresses that are not blocked. When every tracked address is blocked, addresses not
 * tracked share one overflow counter, so guessing from a fresh address is still limited.
 */

type Entry = { failures: number; windowEnds: number };

export type ThrottleOptions = { maxFailures: number; windowMs: number; maxTracked?: number };

export class AuthThrottle {
  private readonly entries = new Map<string, Entry>();
  private overflow: Entry | undefined;

  constructor(
    private readonly options: ThrottleOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whole seconds until the address may try a token again; 0 when it may now. */
  retryAfterSeconds(address: string): number {
    const entry = this.entries.get(address) ?? this.overflow;
    if (!entry) return 0;
    const left = entry.windowEnds - this.now();
    if (left <= 0) {
      if (entry === this.overflow) this.overflow = undefined;
      else this.entries.delete(address);
      return 0;
    }
    return this.isBlocked(entry) ? Math.ceil(left / 1000) : 0;
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
      entry = { failures: 0, windowEnds: now + this.options.windowMs };
      if (this.makeRoom(now)) this.entries.set(address, entry);
      else entry = this.overflow && this.overflow.windowEnds > now ? this.overflow : (this.overflow = entry);
    }
    entry.failures++;
  }

  get tracked(): number {
    return this.entries.size;
  }

  private isBlocked(entry: Entry): boolean {
    return entry.failures >= this.options.maxFailures;
  }

  /** Whether there is room for one more address: expired entries go first, then the oldest unblocked ones. */
  private makeRoom(now: number): boolean {
    const max = this.options.maxTracked ?? 10_000;
    if (this.entries.size < max) return true;
    for (const [address, entry] of this.entries) if (entry.windowEnds <= now) this.entries.delete(address);
    for (const [address, entry] of this.entries) {
      if (this.entries.size < max) break;
      if (!this.isBlocked(entry)) this.entries.delete(address);
    }
    return this.entries.size < max;
  }
}

// One per process: route bundles may each hold a copy of this module, so it lives on globalThis.
const SHARED = Symbol.for("deployment-manager.auth-throttle");

export function authThrottle(): AuthThrottle {
  const holder = globalThis as { [SHARED]?: AuthThrottle };
  holder[SHARED] ??= new AuthThrottle(getConfig().authThrottle);
  return holder[SHARED];
}
