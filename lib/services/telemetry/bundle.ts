import { createHash } from "node:crypto";
import { zip } from "fflate";
import { z } from "zod";
import { invalidInput } from "@/lib/services/errors";
import { DATA_SOURCES, type DataSource, storedRequestSchema } from "@/lib/api/schemas/telemetry";
import { type ArchiveLimits, readArchive } from "../archive";
import { fitToLimits } from "./fit-limits";

/**
 * The Telescope bundle: a zip with `manifest.json` (what was asked for, and every file with its
 * service, data source, size and SHA-256) and the files it lists:
 *
 *   manifest.json
 *   stats/health_checks.json               STATS (platform-wide)
 *   stats/api_requests.json                STATS (platform-wide)
 *   services/<svc>/stats/replicas.json     STATS
 *   services/<svc>/logs/<pod>/<container>.log   LOGS (RFC 3339 timestamp, space, line)
 *   services/<svc>/configs/materialized.json    CONFIGS (newest materialized config, secrets redacted)
 *   services/<svc>/configs/patches.json         CONFIGS (the patches that reach it, secrets redacted)
 *
 * Reading a bundle checks it is ours (manifest format and version), the archive rules (no
 * absolute or `..` paths, entry count, sizes declared and actual), that the files are exactly
 * those the manifest lists, byte for byte, each listed with the service and data source its path
 * implies, and that every JSON file parses in the shape the viewer reads (LAYOUT).
 */

export const BUNDLE_FORMAT = "deployment-manager-telescope";
export const BUNDLE_VERSION = 1;
export const MANIFEST = "manifest.json";

export const BUNDLE_LIMITS: ArchiveLimits = { maxEntries: 10_000, maxEntryBytes: 32 * 1024 * 1024, maxTotalBytes: 256 * 1024 * 1024 };

const SERVICE = "[a-z0-9][-a-z0-9.]*";
const timestamp = z.string().refine((t) => Number.isFinite(Date.parse(t)), "is not a timestamp");

/** Every file of the layout: its path, the service the path names, its data source, and its JSON shape (what the viewer reads). */
const LAYOUT: readonly { pattern: RegExp; data_source: DataSource; shape?: z.ZodType }[] = [
  {
    pattern: /^stats\/health_checks\.json$/,
    data_source: "STATS",
    shape: z.object({
      checks: z.array(z.object({ id: z.string() })),
      results: z.array(z.object({ check_id: z.string(), checked_at: timestamp, status: z.string(), runtime_ms: z.number() })),
    }),
  },
  {
    pattern: /^stats\/api_requests\.json$/,
    data_source: "STATS",
    shape: z.array(z.object({ minute: timestamp, method: z.string(), route: z.string(), count: z.number(), avg_ms: z.number() })),
  },
  {
    pattern: new RegExp(`^services/(${SERVICE})/stats/replicas\\.json$`),
    data_source: "STATS",
    shape: z.array(z.object({ sampled_at: timestamp, desired: z.number(), ready: z.number() })),
  },
  {
    pattern: new RegExp(`^services/(${SERVICE})/configs/materialized\\.json$`),
    data_source: "CONFIGS",
    shape: z.object({ objectName: z.string(), releaseVersion: z.string(), patchVersion: z.number(), config: z.string() }).nullable(),
  },
  {
    pattern: new RegExp(`^services/(${SERVICE})/configs/patches\\.json$`),
    data_source: "CONFIGS",
    shape: z.array(z.object({ version: z.number(), target: z.string(), description: z.string(), patch: z.string() })),
  },
  { pattern: new RegExp(`^services/(${SERVICE})/logs/${SERVICE}/${SERVICE}\\.log$`), data_source: "LOGS" },
];

/** What a path of the layout holds: its service (null for platform-wide files), data source and shape; null when it is not one. */
function layoutOf(path: string): { service: string | null; data_source: DataSource; shape?: z.ZodType } | null {
  for (const { pattern, ...kind } of LAYOUT) {
    const match = pattern.exec(path);
    if (match) return { ...kind, service: match[1] ?? null };
  }
  return null;
}

const manifestFileSchema = z.object({
  path: z.string().refine((p) => layoutOf(p) !== null, "is not a path of a Telescope bundle"),
  service: z.string().nullable(),
  data_source: z.enum(DATA_SOURCES),
  bytes: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  lines: z.number().int().min(0).optional(),
});

export const manifestSchema = z.object({
  format: z.literal(BUNDLE_FORMAT),
  format_version: z.literal(BUNDLE_VERSION),
  id: z.string(),
  created_at: z.string(),
  request: z.object({
    services: z.array(z.string()),
    data_sources: z.array(z.enum(DATA_SOURCES)),
    start: z.string(),
    end: z.string(),
    label: z.string(),
  }),
  files: z.array(manifestFileSchema).max(BUNDLE_LIMITS.maxEntries),
  notes: z.array(z.string()).default([]),
});

export type Manifest = z.output<typeof manifestSchema>;
export type ManifestFile = z.output<typeof manifestFileSchema>;
export type BundleFile = Omit<ManifestFile, "bytes" | "sha256"> & { text: string };

const sha256 = (data: Uint8Array | string) => createHash("sha256").update(data).digest("hex");

/**
 * Zips the files with their manifest, fitted to the limits an import applies (fit-limits.ts): the
 * cuts are noted in the manifest, so every export can be imported. The deflating runs in worker
 * threads (fflate's async zip): a 256 MiB bundle must not stall the requests the server answers.
 */
export async function buildBundle(head: Omit<Manifest, "files">, files: readonly BundleFile[], limits: ArchiveLimits = BUNDLE_LIMITS): Promise<{ zip: Uint8Array; manifest: Manifest }> {
  const notes = [...head.notes];
  const fitted = fitToLimits(files, limits, manifestReserve(head, files), notes);
  const encoder = new TextEncoder();
  const entries: Record<string, Uint8Array> = {};
  const listed: ManifestFile[] = [];
  for (const { text, ...meta } of fitted) {
    const data = encoder.encode(text);
    entries[meta.path] = data;
    listed.push({ ...meta, bytes: data.length, sha256: sha256(data) });
  }
  const manifest: Manifest = { ...head, notes, files: listed };
  entries[MANIFEST] = encoder.encode(JSON.stringify(manifest, null, 2));
  const zipped = await new Promise<Uint8Array>((resolve, reject) => zip(entries, { level: 6 }, (error, data) => (error ? reject(error) : resolve(data))));
  return { zip: zipped, manifest };
}

/** Room for manifest.json: as listed now, plus a note and long numbers per file. */
function manifestReserve(head: Omit<Manifest, "files">, files: readonly BundleFile[]): number {
  const listed = files.map(({ text: _, ...meta }) => ({ ...meta, bytes: Number.MAX_SAFE_INTEGER, sha256: "0".repeat(64) }));
  return Buffer.byteLength(JSON.stringify({ ...head, files: listed }, null, 2)) + files.length * 256 + 64 * 1024;
}

export type Bundle = { manifest: Manifest; files: Map<string, string> };

/** Validates an uploaded bundle completely (400/413 with the reason); nothing is written. */
export async function readBundle(data: Buffer, limits: ArchiveLimits = BUNDLE_LIMITS): Promise<Bundle> {
  const entries = await readArchive("zip", data, [".json", ".log"], limits);
  const byName = new Map(entries.map((e) => [e.name, e.text]));
  const manifestText = byName.get(MANIFEST);
  if (manifestText === undefined) throw invalidInput("Not a Telescope bundle: manifest.json is missing");
  let parsed: unknown;
  try {
    parsed = JSON.parse(manifestText);
  } catch {
    throw invalidInput("Not a Telescope bundle: manifest.json is not JSON");
  }
  const format = (parsed as { format?: unknown })?.format;
  if (format !== BUNDLE_FORMAT) throw invalidInput(`Not a Telescope bundle: manifest format is ${JSON.stringify(format ?? null)}, expected "${BUNDLE_FORMAT}"`);
  const result = manifestSchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw invalidInput(`Invalid Telescope manifest: ${issue.path.join(".")}: ${issue.message}`);
  }
  const manifest = result.data;
  const request = storedRequestSchema.safeParse(manifest.request);
  if (!request.success) throw invalidInput(`Invalid Telescope manifest: request: ${request.error.issues[0]!.message}`);
  const files = new Map<string, string>();
  for (const f of manifest.files) {
    if (files.has(f.path)) throw invalidInput(`Invalid Telescope manifest: '${f.path}' is listed twice`);
    const text = byName.get(f.path);
    if (text === undefined) throw invalidInput(`Telescope bundle is incomplete: '${f.path}' is listed in the manifest but missing`);
    const bytes = Buffer.from(text, "utf8");
    if (bytes.length !== f.bytes || sha256(bytes) !== f.sha256) {
      throw invalidInput(`Telescope bundle is corrupt: '${f.path}' does not match its size and SHA-256 in the manifest`);
    }
    checkContent(f, text);
    files.set(f.path, text);
  }
  const extra = [...byName.keys()].filter((name) => name !== MANIFEST && !files.has(name));
  if (extra.length) throw invalidInput(`Telescope bundle holds files its manifest does not list: ${extra.slice(0, 5).join(", ")}`);
  return { manifest, files };
}

/** The manifest's service and data source are those its path implies; a JSON file parses and has the shape the viewer reads. */
function checkContent(f: ManifestFile, text: string): void {
  const layout = layoutOf(f.path)!;
  const named = (service: string | null) => (service === null ? "no service" : `service '${service}'`);
  if (f.service !== layout.service) throw invalidInput(`Invalid Telescope manifest: '${f.path}' belongs to ${named(layout.service)}, the manifest says ${named(f.service)}`);
  if (f.data_source !== layout.data_source) throw invalidInput(`Invalid Telescope manifest: '${f.path}' is ${layout.data_source} data, the manifest says ${f.data_source}`);
  if (!layout.shape) return;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw invalidInput(`Telescope bundle is corrupt: '${f.path}' is not JSON (${(error as Error).message})`);
  }
  const shape = layout.shape.safeParse(value);
  if (!shape.success) {
    const issue = shape.error.issues[0]!;
    throw invalidInput(`Telescope bundle is corrupt: '${f.path}' is not what an export writes: ${issue.path.join(".") || "(top level)"}: ${issue.message}`);
  }
}
