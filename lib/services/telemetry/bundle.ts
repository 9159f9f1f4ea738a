import { createHash } from "node:crypto";
import { zipSync } from "fflate";
import { z } from "zod";
import { badRequest } from "@/lib/api/errors";
import { DATA_SOURCES, storedRequestSchema } from "@/lib/api/schemas/telemetry";
import { type ArchiveLimits, readArchive } from "../archive";

/**
 * The Telescope bundle: a zip with `manifest.json` (what was asked for, and every file with its
 * service, data source, size and SHA-256) and the files it lists:
 *
 *   manifest.json
 *   stats/health_checks.json               STATS (platform-wide)
 *   stats/api_requests.json                STATS (platform-wide)
 *   services/<svc>/stats/replicas.json     STATS
 *   services/<svc>/logs/<pod>/<container>.log   LOGS (RFC 3339 timestamp, space, line)
 *   services/<svc>/configs/materialized.json    CONFIGS (newest materialized config, Secrets redacted)
 *   services/<svc>/configs/patches.json         CONFIGS (the patches that reach it, Secrets redacted)
 *
 * Reading a bundle checks it is ours (manifest format and version), the archive rules (no
 * absolute or `..` paths, entry count, sizes declared and actual), and that the files are exactly
 * those the manifest lists, byte for byte.
 */

export const BUNDLE_FORMAT = "deployment-manager-telescope";
export const BUNDLE_VERSION = 1;
export const MANIFEST = "manifest.json";

export const BUNDLE_LIMITS: ArchiveLimits = { maxEntries: 10_000, maxEntryBytes: 32 * 1024 * 1024, maxTotalBytes: 256 * 1024 * 1024 };

const FILE_PATH = /^(stats\/[a-z_]+\.json|services\/[a-z0-9][-a-z0-9.]*\/(stats\/[a-z_]+\.json|configs\/[a-z_]+\.json|logs\/[a-z0-9][-a-z0-9.]*\/[a-z0-9][-a-z0-9.]*\.log))$/;

const manifestFileSchema = z.object({
  path: z.string().regex(FILE_PATH, "is not a path of a Telescope bundle"),
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

export function buildBundle(head: Omit<Manifest, "files">, files: readonly BundleFile[]): { zip: Uint8Array; manifest: Manifest } {
  const encoder = new TextEncoder();
  const entries: Record<string, Uint8Array> = {};
  const listed: ManifestFile[] = [];
  for (const { text, ...meta } of files) {
    const data = encoder.encode(text);
    entries[meta.path] = data;
    listed.push({ ...meta, bytes: data.length, sha256: sha256(data) });
  }
  const manifest: Manifest = { ...head, files: listed };
  entries[MANIFEST] = encoder.encode(JSON.stringify(manifest, null, 2));
  return { zip: zipSync(entries, { level: 6 }), manifest };
}

export type Bundle = { manifest: Manifest; files: Map<string, string> };

/** Validates an uploaded bundle completely (400/413 with the reason); nothing is written. */
export async function readBundle(data: Buffer): Promise<Bundle> {
  const entries = await readArchive("zip", data, [".json", ".log"], BUNDLE_LIMITS);
  const byName = new Map(entries.map((e) => [e.name, e.text]));
  const manifestText = byName.get(MANIFEST);
  if (manifestText === undefined) throw badRequest("Not a Telescope bundle: manifest.json is missing");
  let parsed: unknown;
  try {
    parsed = JSON.parse(manifestText);
  } catch {
    throw badRequest("Not a Telescope bundle: manifest.json is not JSON");
  }
  const format = (parsed as { format?: unknown })?.format;
  if (format !== BUNDLE_FORMAT) throw badRequest(`Not a Telescope bundle: manifest format is ${JSON.stringify(format ?? null)}, expected "${BUNDLE_FORMAT}"`);
  const result = manifestSchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw badRequest(`Invalid Telescope manifest: ${issue.path.join(".")}: ${issue.message}`);
  }
  const manifest = result.data;
  const request = storedRequestSchema.safeParse(manifest.request);
  if (!request.success) throw badRequest(`Invalid Telescope manifest: request: ${request.error.issues[0]!.message}`);
  const files = new Map<string, string>();
  for (const f of manifest.files) {
    if (files.has(f.path)) throw badRequest(`Invalid Telescope manifest: '${f.path}' is listed twice`);
    const text = byName.get(f.path);
    if (text === undefined) throw badRequest(`Telescope bundle is incomplete: '${f.path}' is listed in the manifest but missing`);
    const bytes = Buffer.from(text, "utf8");
    if (bytes.length !== f.bytes || sha256(bytes) !== f.sha256) {
      throw badRequest(`Telescope bundle is corrupt: '${f.path}' does not match its size and SHA-256 in the manifest`);
    }
    if (f.service !== null && !f.path.startsWith(`services/${f.service}/`)) throw badRequest(`Invalid Telescope manifest: '${f.path}' is not under its service '${f.service}'`);
    files.set(f.path, text);
  }
  const extra = [...byName.keys()].filter((name) => name !== MANIFEST && !files.has(name));
  if (extra.length) throw badRequest(`Telescope bundle holds files its manifest does not list: ${extra.slice(0, 5).join(", ")}`);
  return { manifest, files };
}
