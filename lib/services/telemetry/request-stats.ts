import { type ApiStatDelta, addApiRequestStats } from "@/lib/store/health";

/**
 * API request counts and latencies per route, aggregated in memory per minute and flushed to the
 * DB every FLUSH_MS (one statement per flush). A route is the path with its parameters named
 * (`/configs/[object]`), so counts do not explode with object names.
 */

const FLUSH_MS = 10_000;
const API_PREFIX = "/api/v1/control_plane";
const MAX_PENDING_KEYS = 5_000;

type Aggregator = { pending: Map<string, ApiStatDelta>; timer?: NodeJS.Timeout };
const globalForStats = globalThis as typeof globalThis & { __dmRequestStats?: Aggregator };

export function recordApiRequest(method: string, pathname: string, params: unknown, status: number, ms: number): void {
  const agg: Aggregator = (globalForStats.__dmRequestStats ??= { pending: new Map() });
  const minute = Date.now() - (Date.now() % 60_000);
  const route = routeOf(pathname, params);
  const key = `${minute}|${method}|${route}`;
  let delta = agg.pending.get(key);
  if (!delta) {
    if (agg.pending.size >= MAX_PENDING_KEYS) return;
    delta = { bucketStart: new Date(minute), method, route, count: 0, errorCount: 0, totalMs: 0, maxMs: 0 };
    agg.pending.set(key, delta);
  }
  delta.count++;
  if (status >= 500) delta.errorCount++;
  delta.totalMs += ms;
  delta.maxMs = Math.max(delta.maxMs, ms);
  if (!agg.timer) {
    agg.timer = setTimeout(() => void flushApiRequestStats(), FLUSH_MS);
    agg.timer.unref();
  }
}

export async function flushApiRequestStats(): Promise<void> {
  const agg = globalForStats.__dmRequestStats;
  if (!agg) return;
  clearTimeout(agg.timer);
  agg.timer = undefined;
  const rows = [...agg.pending.values()];
  agg.pending = new Map();
  await addApiRequestStats(rows).catch((error: unknown) => console.error("[stats] flush failed:", (error as Error).message));
}

/** `/api/v1/control_plane/configs/deployment-x` with `{object: "deployment-x"}` → `/configs/[object]`. */
export function routeOf(pathname: string, params: unknown): string {
  const segments = (pathname.startsWith(API_PREFIX) ? pathname.slice(API_PREFIX.length) : pathname).split("/");
  if (typeof params === "object" && params !== null) {
    for (const [name, value] of Object.entries(params)) {
      const values = Array.isArray(value) ? value.map(String) : [String(value)];
      for (const v of values) {
        const i = segments.findIndex((s) => safeDecode(s) === v);
        if (i >= 0) segments[i] = Array.isArray(value) ? `[...${name}]` : `[${name}]`;
      }
    }
  }
  return segments.join("/").replace(/(\/\[\.\.\.[^\]]+\])+/g, (m) => m.slice(0, m.indexOf("]", 1) + 1)) || "/";
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Wraps a route handler: records its method, route, status and latency. */
export function withRequestStats<C extends { params?: Promise<unknown> } | undefined>(
  handle: (req: Request, route: C) => Promise<Response>,
): (req: Request, route: C) => Promise<Response> {
  return async (req, route) => {
    const started = performance.now();
    const response = await handle(req, route);
    const params = await route?.params?.catch(() => undefined);
    recordApiRequest(req.method, new URL(req.url).pathname, params, response.status, performance.now() - started);
    return response;
  };
}
