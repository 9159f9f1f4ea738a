import fs from "node:fs/promises";
import path from "node:path";
import { getConfig } from "@/lib/config/env";
import { deleteJobs, jobsOfTypes } from "@/lib/store/jobs";
import { EXPORT_JOB } from "./export-job";
import { IMPORT_JOB } from "./import-job";
import { exportZipPath, importedDir, importsDir, telescopeDir } from "./paths";

/**
 * Retention of Telescope artifacts: exports and imports finished more than
 * DM_TELEMETRY_RETENTION_HOURS ago go with their files (the export's zip; the import's upload and
 * unpacked dir) and then their job rows (their status answers 404 afterwards). Files of this data
 * dir that no job row names any more (another replica removed the row, or the app stopped
 * in between) go once they are that old too. Every replica sweeps its own data dir.
 */

const SWEEP_EVERY_MS = 5 * 60_000;

type Retention = { stop(): Promise<void> };
const globalForRetention = globalThis as typeof globalThis & { __dmTelemetryRetention?: Retention };

/** Starts the sweep once per process (at start-up, then every 5 minutes or a quarter of the retention, whichever is sooner). */
export function startTelemetryRetention(): Retention {
  if (globalForRetention.__dmTelemetryRetention) return globalForRetention.__dmTelemetryRetention;
  const everyMs = Math.max(1_000, Math.min(SWEEP_EVERY_MS, retentionMs() / 4));
  let current: Promise<void> = Promise.resolve();
  const sweep = () => {
    current = pruneTelemetryArtifacts().catch((error: unknown) => console.error("[telemetry] retention sweep failed:", (error as Error).message));
  };
  const timer = setInterval(sweep, everyMs);
  timer.unref();
  sweep();
  globalForRetention.__dmTelemetryRetention = {
    async stop() {
      clearInterval(timer);
      await current;
      globalForRetention.__dmTelemetryRetention = undefined;
    },
  };
  return globalForRetention.__dmTelemetryRetention;
}

const retentionMs = () => getConfig().telemetry.retentionHours * 3_600_000;

export async function pruneTelemetryArtifacts(): Promise<void> {
  const cutoff = new Date(Date.now() - retentionMs());
  const expired = await jobsOfTypes([EXPORT_JOB, IMPORT_JOB], { finishedBefore: cutoff });
  await Promise.all(expired.flatMap(jobFiles).filter(isInside).map((f) => fs.rm(f, { recursive: true, force: true })));
  await deleteJobs(expired.map((job) => job.id));
  await Promise.all([removeOldEntries(telescopeDir(), /\.zip$/, cutoff), removeOldEntries(importsDir(), /./, cutoff)]);
}

/** Only what lies inside DATA_DIR/telescope is ever removed. */
const isInside = (file: string) => path.resolve(file).startsWith(telescopeDir() + path.sep);

/**
 * Entries of `dir` matching `pattern`, last modified before `cutoff`, that no job row still names
 * (an export's `<id>.zip`, an import's `<id>/`; an upload `<uuid>.zip` is named in its job's input).
 */
async function removeOldEntries(dir: string, pattern: RegExp, cutoff: Date): Promise<void> {
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
  const candidates: string[] = [];
  for (const entry of entries) {
    if (!pattern.test(entry.name) || entry.name === "imports" || entry.name === "tmp") continue;
    const file = path.join(dir, entry.name);
    const stat = await fs.stat(file).catch(() => null);
    if (stat && stat.mtime < cutoff) candidates.push(file);
  }
  if (candidates.length === 0) return;
  const named = new Set((await jobsOfTypes([EXPORT_JOB, IMPORT_JOB])).flatMap(jobFiles));
  await Promise.all(candidates.filter((f) => !named.has(f)).map((f) => fs.rm(f, { recursive: true, force: true })));
}

/** The files and dirs of a Telescope job: an export's zip; an import's upload and unpacked dir. */
function jobFiles(job: { id: string; type: string; input: unknown }): string[] {
  if (job.type === EXPORT_JOB) return [exportZipPath(job.id)];
  const upload = (job.input as { zip_file_path?: string }).zip_file_path;
  return [importedDir(job.id), ...(upload ? [path.resolve(upload)] : [])];
}
