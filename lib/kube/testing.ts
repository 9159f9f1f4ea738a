// Helpers for the kube test suites (simulator + gateway): temp data dirs and polling.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export function tempDir(prefix = "dm-kube-"): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Polls `fn` until it returns a truthy value (which is returned) or the timeout passes. */
export type Truthy<T> = Exclude<T, false | null | undefined | 0 | "">;

export async function waitFor<T>(what: string, fn: () => Promise<T> | T, timeoutMs = 10_000, intervalMs = 25): Promise<Truthy<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v as Truthy<T>;
      last = v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Fields a config sets that differ on the live object, as dotted keys (list items by index). */
export function driftRows(expected: unknown, live: unknown, prefix = ""): { key: string; expected: unknown; got: unknown }[] {
  if (expected !== null && typeof expected === "object") {
    if (live === null || typeof live !== "object" || Array.isArray(expected) !== Array.isArray(live)) {
      return [{ key: prefix, expected, got: live }];
    }
    return Object.entries(expected as Record<string, unknown>).flatMap(([k, v]) =>
      driftRows(v, (live as Record<string, unknown>)[k], prefix ? `${prefix}.${k}` : k),
    );
  }
  return expected === live ? [] : [{ key: prefix, expected, got: live }];
}
