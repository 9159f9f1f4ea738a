import fs from "node:fs/promises";
import path from "node:path";
import { conflict } from "@/lib/services/errors";
import type { Manifest } from "./bundle";
import { getImportOrThrow } from "./import-job";
import { importedDir } from "./paths";

/** Browsing an imported bundle (unpacked by its import job): configs, logs with search, stats. */

async function openImport(id: string): Promise<{ dir: string; manifest: Manifest }> {
  const job = await getImportOrThrow(id);
  if (job.status !== "SUCCESS") throw conflict(`Telemetry import '${id}' is ${job.status}: its contents are browsable once it is SUCCESS`);
  const dir = importedDir(job.id);
  const manifest = JSON.parse(await fs.readFile(path.join(dir, "manifest.json"), "utf8")) as Manifest;
  return { dir, manifest };
}

const readJson = async (dir: string, file: string) => JSON.parse(await fs.readFile(path.join(dir, file), "utf8")) as unknown;

/** Per service: its materialized config and patches as exported (`null`/absent when not exported). */
export async function importedConfigs(id: string) {
  const { dir, manifest } = await openImport(id);
  const services: Record<string, { materialized: unknown; patches: unknown }> = Object.create(null);
  for (const f of manifest.files.filter((f) => f.data_source === "CONFIGS" && f.service)) {
    const entry = (services[f.service!] ??= { materialized: null, patches: [] });
    const value = await readJson(dir, f.path);
    if (f.path.endsWith("/materialized.json")) entry.materialized = value;
    if (f.path.endsWith("/patches.json")) entry.patches = value;
  }
  return services;
}

export type LogLine = { service: string; pod: string; container: string; time: string; text: string };

/** Log lines, optionally of one service and containing `q` (case-insensitive), at most `limit`. */
export async function importedLogs(id: string, filter: { service?: string | undefined; q: string; limit: number }) {
  const { dir, manifest } = await openImport(id);
  const needle = filter.q.toLowerCase();
  const lines: LogLine[] = [];
  let matched = 0;
  for (const f of manifest.files.filter((f) => f.data_source === "LOGS" && (!filter.service || f.service === filter.service))) {
    const [, service, , pod, file] = f.path.split("/");
    const text = await fs.readFile(path.join(dir, f.path), "utf8");
    for (const line of text.split("\n")) {
      if (!line || (needle && !line.toLowerCase().includes(needle))) continue;
      matched++;
      if (lines.length >= filter.limit) continue;
      const space = line.indexOf(" ");
      lines.push({ service: service!, pod: pod!, container: file!.replace(/\.log$/, ""), time: line.slice(0, space), text: line.slice(space + 1) });
    }
  }
  lines.sort((a, b) => a.time.localeCompare(b.time));
  return { matched, lines };
}

/** The bundle's request, notes, files, and STATS series. */
export async function importedStats(id: string) {
  const { dir, manifest } = await openImport(id);
  const stats: { health_checks: unknown; api_requests: unknown; replicas: Record<string, unknown> } = { health_checks: null, api_requests: null, replicas: {} };
  for (const f of manifest.files.filter((f) => f.data_source === "STATS")) {
    const value = await readJson(dir, f.path);
    if (f.path === "stats/health_checks.json") stats.health_checks = value;
    else if (f.path === "stats/api_requests.json") stats.api_requests = value;
    else if (f.service) stats.replicas[f.service] = value;
  }
  return { manifest: { request: manifest.request, created_at: manifest.created_at, notes: manifest.notes, files: manifest.files }, stats };
}
