// Helpers for the kube test suites (simulator + gateway): temp data dirs, polling, test inputs.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";

/* eslint-disable @typescript-eslint/no-explicit-any -- tests read arbitrary API JSON */
export type TestManifest = { apiVersion: string; kind: string; metadata: { name: string; [key: string]: any }; [key: string]: any };
/* eslint-enable @typescript-eslint/no-explicit-any */

/* eslint-disable @typescript-eslint/no-explicit-any -- assertions read arbitrary API JSON */
export type RestReply = { status: number; body: Record<string, any> };
/* eslint-enable @typescript-eslint/no-explicit-any */

/** A plain-HTTP client of the simulator (`url()`: where it runs now) for REST tests; JSON answers parsed, others as `{text}`. */
export function restClient(url: () => string, token?: string) {
  return async function call(method: string, path: string, body?: unknown, contentType = "application/json", headers: Record<string, string> = {}): Promise<RestReply> {
    const res = await fetch(`${url()}${path}`, {
      method,
      headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { "Content-Type": contentType } : {}), ...headers },
      ...(body !== undefined ? { body: typeof body === "string" ? body : JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: text && res.headers.get("content-type")?.includes("json") ? (JSON.parse(text) as RestReply["body"]) : { text } };
  };
}

/** A manifest of sim/testdata/ (CRDs and custom resources shaped like real releases'), parsed. */
export function testdata(file: string): TestManifest {
  return parse(readFileSync(join(import.meta.dirname, "sim", "testdata", file), "utf8")) as TestManifest;
}

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
