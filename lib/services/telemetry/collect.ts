import type { DataSource, ExportRequest } from "@/lib/api/schemas/telemetry";
import type { KubeGateway } from "@/lib/kube";
import { latestMaterialized } from "@/lib/store/materialized";
import { listPatches } from "@/lib/store/patches";
import { apiRequestStatsBetween, listHealthChecks, replicaSamplesBetween, resultsBetween } from "@/lib/store/health";
import { getKube } from "../cluster";
import { redactSecretEnvText, redactSecretPairs, withoutMarkerDigests } from "../redact";
import { isWorkloadKind } from "../cluster/workloads";
import { findObjectOfKind, loadStoreView } from "../configs/state";
import { configView, patchViews, reachOf } from "../configs/views";
import type { BundleFile } from "./bundle";
import { flushApiRequestStats } from "./request-stats";
import { type ServiceInfo, listServices } from "./services";

/**
 * What an export puts in its bundle, per data source. LOGS: the current pods of each service, every
 * container, the lines whose timestamp lies in [start, end] (from the cluster's log API). STATS:
 * health check runs, API request counts/latencies per route and minute, and the service's replica
 * samples within the window. CONFIGS: the service's newest materialized config and the patches
 * that reach it. Secrets: Secret values are redacted by the views, env values whose name looks
 * secret in configs and patches, and the values of secret-looking `key=value` pairs in logs
 * (redact.ts); a bundle is meant for sharing, so its markers carry the length only, no digest. Limits: the newest MAX_ROWS rows per series, and buildBundle fits the files to
 * the import's limits; every cut is noted.
 */

/** How much of a container's log (from `start` on) is read at most; the bundle's per-file limit then keeps its newest part. */
const MAX_LOG_READ_BYTES = 64 * 1024 * 1024;
/** Rows per STATS series at most: the newest are kept. */
export const MAX_ROWS = 100_000;

export type Collected = { files: BundleFile[]; notes: string[] };

export async function collect(request: ExportRequest): Promise<Collected> {
  const out: Collected = { files: [], notes: [] };
  const start = new Date(request.start);
  const end = new Date(request.end);
  const services = new Map((await listServices()).map((s) => [s.name, s]));
  const wanted = (d: DataSource) => request.data_sources.includes(d);
  if (wanted("LOGS")) {
    const gateway = (await getKube()).gateway;
    for (const name of request.services) await collectLogs(gateway, services.get(name), name, start, end, out);
  }
  if (wanted("STATS")) await collectStats(request.services, start, end, out);
  if (wanted("CONFIGS")) await collectConfigs(request.services, out);
  return { ...out, files: out.files.map((file) => ({ ...file, text: withoutMarkerDigests(file.text) })) };
}

/** How many characters of log are redacted before the event loop gets a turn. */
const REDACT_SLICE_CHARS = 1024 * 1024;

/** The lines with secret pairs redacted, in slices of about REDACT_SLICE_CHARS: a 64 MiB log never holds requests up. */
async function redactLines(lines: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  let budget = REDACT_SLICE_CHARS;
  for (const line of lines) {
    out.push(redactSecretPairs(line));
    budget -= line.length;
    if (budget > 0) continue;
    budget = REDACT_SLICE_CHARS;
    await new Promise((resolve) => setImmediate(resolve));
  }
  return out;
}

async function collectLogs(gateway: KubeGateway, service: ServiceInfo | undefined, name: string, start: Date, end: Date, out: Collected) {
  const workload = service?.live;
  if (!workload) {
    out.notes.push(`${name}: not running in the cluster, no logs`);
    return;
  }
  const selector = workload.podSelector;
  if (!selector) {
    out.notes.push(`${name}: has no label selector, no logs`);
    return;
  }
  const pods = await gateway.list("Pod", { namespace: workload.namespace, labelSelector: selector });
  if (pods.length === 0) out.notes.push(`${name}: no pods`);
  for (const pod of pods.sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))) {
    const containers = ((pod.spec as { containers?: { name: string }[] } | undefined)?.containers ?? []).map((c) => c.name);
    for (const container of containers) {
      try {
        const text = await gateway.podLogs(workload.namespace, pod.metadata.name, { container, sinceTime: start, timestamps: true, limitBytes: MAX_LOG_READ_BYTES });
        if (Buffer.byteLength(text) >= MAX_LOG_READ_BYTES) {
          out.notes.push(`${name}: ${pod.metadata.name}/${container}: only the first ${MAX_LOG_READ_BYTES} bytes of its log from the window's start were read, later lines are missing`);
        }
        const lines = await redactLines(linesWithin(text, start.getTime(), end.getTime()));
        out.files.push({
          path: `services/${name}/logs/${pod.metadata.name}/${container}.log`,
          service: name,
          data_source: "LOGS",
          lines: lines.length,
          text: lines.map((l) => `${l}\n`).join(""),
        });
      } catch (error) {
        out.notes.push(`${name}: ${pod.metadata.name}/${container}: logs unavailable: ${(error as Error).message}`);
      }
    }
  }
}

/** Lines (`<RFC 3339 time> <text>`) whose time lies in [startMs, endMs]. */
export function linesWithin(text: string, startMs: number, endMs: number): string[] {
  return text.split("\n").filter((line) => {
    const space = line.indexOf(" ");
    const t = space < 0 ? NaN : Date.parse(line.slice(0, space));
    return Number.isFinite(t) && t >= startMs && t <= endMs;
  });
}

/**
 * Rows read newest first, one more than MAX_ROWS: the newest MAX_ROWS, oldest first, and a note
 * when older ones were left out.
 */
export function newestRows<T>(newestFirst: readonly T[], what: string, notes: string[]): T[] {
  if (newestFirst.length > MAX_ROWS) notes.push(`${what}: only the newest ${MAX_ROWS} rows of the window are exported`);
  return newestFirst.slice(0, MAX_ROWS).reverse();
}

const json = (value: unknown) => JSON.stringify(value, null, 2);

async function collectStats(services: readonly string[], start: Date, end: Date, out: Collected) {
  await flushApiRequestStats();
  const [checks, newestResults, newestRequests, newestReplicas] = await Promise.all([
    listHealthChecks(),
    resultsBetween(start, end, MAX_ROWS + 1),
    apiRequestStatsBetween(start, end, MAX_ROWS + 1),
    replicaSamplesBetween(services, start, end, MAX_ROWS + 1),
  ]);
  const results = newestRows(newestResults, "stats/health_checks.json", out.notes);
  const requests = newestRows(newestRequests, "stats/api_requests.json", out.notes);
  const replicas = newestRows(newestReplicas, "replica samples", out.notes);
  out.files.push({
    path: "stats/health_checks.json",
    service: null,
    data_source: "STATS",
    text: json({
      checks: checks.map((c) => ({ id: c.id, component: c.component, is_critical: c.isCritical })),
      results: results.map((r) => ({ check_id: r.checkId, checked_at: r.checkedAt.toISOString(), status: r.status, runtime_ms: r.runtimeMs, details: r.details })),
    }),
  });
  out.files.push({
    path: "stats/api_requests.json",
    service: null,
    data_source: "STATS",
    text: json(
      requests.map((r) => ({
        minute: r.bucketStart.toISOString(),
        method: r.method,
        route: r.route,
        count: r.count,
        error_count: r.errorCount,
        avg_ms: r.count ? Math.round((r.totalMs / r.count) * 10) / 10 : 0,
        max_ms: Math.round(r.maxMs * 10) / 10,
      })),
    ),
  });
  for (const service of services) {
    out.files.push({
      path: `services/${service}/stats/replicas.json`,
      service,
      data_source: "STATS",
      text: json(
        replicas
          .filter((r) => r.service === service)
          .map((r) => ({ sampled_at: r.sampledAt.toISOString(), kind: r.kind, namespace: r.namespace, desired: r.desired, ready: r.ready })),
      ),
    });
  }
}

async function collectConfigs(services: readonly string[], out: Collected) {
  const view = await loadStoreView();
  const keyOf = new Map(services.map((s) => [s, findObjectOfKind(view, s, isWorkloadKind)]));
  const [rows, patches] = await Promise.all([latestMaterialized([...keyOf.values()].filter((k): k is string => k !== undefined)), listPatches()]);
  const byObject = new Map(rows.map((r) => [r.objectKey, r]));
  for (const service of services) {
    const key = keyOf.get(service);
    const row = key === undefined ? undefined : byObject.get(key);
    if (!row) out.notes.push(`${service}: no stored configs (not managed by Deployment Manager)`);
    const reaching = key === undefined ? [] : patches.filter((p) => reachOf(view, p).includes(key));
    const materialized = row ? configView(row, service) : null;
    const patchList = (await patchViews(reaching, patches)).map((p) => ({ ...p, patch: redactSecretEnvText(p.patch) }));
    out.files.push({
      path: `services/${service}/configs/materialized.json`,
      service,
      data_source: "CONFIGS",
      text: json(materialized && { ...materialized, config: redactSecretEnvText(materialized.config) }),
    });
    out.files.push({ path: `services/${service}/configs/patches.json`, service, data_source: "CONFIGS", text: json(patchList) });
  }
}
