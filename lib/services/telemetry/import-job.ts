import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { invalidInput, notFound } from "@/lib/services/errors";
import { JOB_ID } from "@/lib/api/schemas/telemetry";
import { type JobOutcome, wakeJobRunner } from "@/lib/jobs/runner";
import { type ClaimedJob, type JobRow, enqueueJob, findJob, listJobs } from "@/lib/store/jobs";
import { type Manifest, readBundle } from "./bundle";
import { exists, importedDir, importsDir, withTempDir } from "./paths";

/**
 * `obs/telescope/import`: the upload is validated completely first (ours, safe, intact: 400/413
 * and nothing written otherwise), kept as DATA_DIR/telescope/imports/<uuid>.zip, and a durable job
 * unpacks it into DATA_DIR/telescope/imports/<job id>/ (temp dir + rename) for browsing.
 */

export const IMPORT_JOB = "telescope_import";
const WAIT_FOR_JOB_MS = 3_000;

type ImportInput = { zip_file_path: string; request: Manifest["request"]; files: number; notes: string[] };

export async function importBundle(file: { data: Buffer } | undefined, createdBy: string | null) {
  if (!file) throw invalidInput("Invalid parameters: file: send the Telescope .zip as multipart field 'file'");
  const bundle = await readBundle(file.data);
  await fs.mkdir(importsDir(), { recursive: true });
  const zipPath = path.join(importsDir(), `${randomUUID()}.zip`);
  const temp = `${zipPath}.part`;
  let id: string;
  try {
    await fs.writeFile(temp, file.data);
    await fs.rename(temp, zipPath);
    const input: ImportInput = { zip_file_path: zipPath, request: bundle.manifest.request, files: bundle.files.size, notes: bundle.manifest.notes };
    id = await enqueueJob(IMPORT_JOB, input, createdBy);
  } catch (error) {
    await Promise.all([fs.rm(temp, { force: true }), fs.rm(zipPath, { force: true })]);
    throw error;
  }
  wakeJobRunner();
  return importView(await settled(id));
}

/** Unpacking is quick: answer with the finished job when it finishes within a moment. */
async function settled(id: string): Promise<JobRow> {
  const deadline = Date.now() + WAIT_FOR_JOB_MS;
  for (;;) {
    const job = (await findJob(id))!;
    if (job.status === "SUCCESS" || job.status === "FAILED" || Date.now() > deadline) return job;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function runImportJob(job: ClaimedJob): Promise<JobOutcome> {
  const input = job.input as ImportInput;
  const target = importedDir(job.id);
  if (!(await exists(target))) {
    const bundle = await readBundle(await fs.readFile(input.zip_file_path));
    await withTempDir(job.id, async (dir) => {
      const unpacked = path.join(dir, "bundle");
      await fs.mkdir(unpacked);
      await fs.writeFile(path.join(unpacked, "manifest.json"), JSON.stringify(bundle.manifest, null, 2));
      for (const [name, text] of bundle.files) {
        // paths are checked against the bundle layout (no '..', no absolute paths) by readBundle
        await fs.mkdir(path.dirname(path.join(unpacked, name)), { recursive: true });
        await fs.writeFile(path.join(unpacked, name), text);
      }
      await fs.rename(unpacked, target);
    });
  }
  return { status: "SUCCESS", result: { ...input.request } };
}

export function importView(job: JobRow) {
  const input = job.input as ImportInput;
  return {
    id: job.id,
    job_status: job.status,
    request: { zip_file_path: input.zip_file_path },
    result: input.request,
    ...(job.status === "FAILED" ? { error: job.error ?? "failed" } : {}),
  };
}

export async function getImportOrThrow(id: string): Promise<JobRow> {
  const job = JOB_ID.test(id) ? await findJob(id) : null;
  if (!job || job.type !== IMPORT_JOB) throw notFound(`No telemetry import with id '${id.slice(0, 64)}' (finished imports are deleted after DM_TELEMETRY_RETENTION_HOURS)`);
  return job;
}

export async function listImports() {
  return (await listJobs(IMPORT_JOB, 50)).map((job) => ({ ...importView(job), created_at: job.createdAt.toISOString() }));
}
