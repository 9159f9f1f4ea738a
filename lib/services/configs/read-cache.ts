import { getDb } from "@/lib/db";

/**
 * Caches for the config store's hot reads (`GET patches`, `GET configs/OBJECT`; the store view
 * has its own, keyed by structure_version: state.ts), correct with writes from any request and
 * any replica. Every statement that writes base configs, patches, labels, bindings or
 * materialized configs bumps `store_version` in its own transaction
 * (triggers, prisma/migrations/*_store_version), and a cached value is used only while that
 * version is the one it was loaded under:
 * - PGlite: one process owns the data, and the triggers' NOTIFY reaches this process before the
 *   writing transaction's promise resolves, so the version is a counter in memory (no query);
 * - PostgreSQL (several replicas): one primary-key read of `store_version` per cached read.
 * The version is read before the value is loaded, so a value is never older than its version.
 */

const CHANNEL = "dm_store_version";
const MAX_ENTRIES = 5_000;

type Entry = { version: string; value: Promise<unknown> };
type State = { entries: Map<string, Entry>; notified: number; listening?: Promise<void> };

// One state per process (Next.js may evaluate this module in several bundles).
const globalForCache = globalThis as typeof globalThis & { __dmReadCache?: State };
const state: State = (globalForCache.__dmReadCache ??= { entries: new Map(), notified: 0 });

async function storeVersion(): Promise<string> {
  const { db } = await getDb();
  if (db.listen) {
    const listen = db.listen;
    state.listening ??= listen(CHANNEL, () => void state.notified++).catch((error: unknown) => {
      state.listening = undefined;
      throw error;
    });
    await state.listening;
    return `n${state.notified}`;
  }
  const [row] = await db.query<{ version: string }>(`SELECT "version"::text AS "version" FROM "store_version" WHERE "id" = 1`);
  return row?.version ?? "0";
}

/** `load()`'s value, reused while the store does not change; concurrent misses share one load. */
export async function cachedRead<T>(key: string, load: () => Promise<T>): Promise<T> {
  const version = await storeVersion();
  const hit = state.entries.get(key);
  if (hit && hit.version === version) return hit.value as Promise<T>;
  if (state.entries.size >= MAX_ENTRIES) state.entries.clear();
  const value = load();
  state.entries.set(key, { version, value });
  value.catch(() => {
    if (state.entries.get(key)?.value === value) state.entries.delete(key);
  });
  return value;
}
