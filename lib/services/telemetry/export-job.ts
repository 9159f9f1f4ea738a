import fs from "node:fs/promises";
import path from "node:path";
import { conflict, notFound } from "@/lib/services/errors";
import { type ExportRequest, JOB_ID } from "@/lib/api/schemas/telemetry";
import { type JobOutcome, wakeJobRunner } from "@/lib/jobs/runner";
import { type ClaimedJob, type JobRow, enqueueJobWithUniqueLabel, findJob, listJobs } from "@/lib/store/jobs";
import { BUNDLE_FORMAT, BUNDLE_VERSION, buildBundle } from "./bundle";
import { collect } from "./collect";
import { exists, exportZipPath, withTempDir } from "./paths";
import { assertKnownServices } from "./services";

/**
 * `obs/telescope/export`: the request is validated at once (unknown services and data sources,
 * bad timestamps, end before start answer 400 and queue nothing), then a durable job collects the
 * data, writes the zip in its temp dir and renames it into place. Running it again (after a
 * restart) starts over in a clean temp dir; a finished zip is kept.
 */

export const EXPORT_JOB = "telescope_export";

type ExportInput = { request: ExportRequest };

export async function enqueueExport(request: ExportRequest, createdBy: string | null) {
  await assertKnownServices(request.services);
  const input = (label: string): ExportInput => ({ request: { ...request, label } });
  const id = await enqueueJobWithUniqueLabel(EXPORT_JOB, request.label, ["request", "label"], input, createdBy);
  wakeJobRunner();
  return exportView((await findJob(id))!);
}

export async function runExportJob(job: ClaimedJob): Promise<JobOutcome> {
  const { request } = job.input as ExportInput;
  const target = exportZipPath(job.id);
  if (!(await exists(target))) {
    await withTempDir(job.id, async (dir) => {
      const { files, notes } = await collect(request);
      const { zip } = await buildBundle(
        { format: BUNDLE_FORMAT, format_version: BUNDLE_VERSION, id: job.id, created_at: new Date().toISOString(), request, notes },
        files,
      );
      const temp = path.join(dir, `${job.id}.zip`);
      await fs.writeFile(temp, zip);
      await fs.rename(temp, target);
    });
  }
  return { status: "SUCCESS", result: { zip_file_path: target } };
}

export function exportView(job: JobRow) {
  const { request } = job.input as ExportInput;
  const result = (job.result ?? {}) as { zip_file_path?: string };
  return {
    id: job.id,
    job_status: job.status,
    request,
    result: { zip_file_path: job.status === "SUCCESS" ? (result.zip_file_path ?? "") : "" },
    ...(job.status === "FAILED" ? { error: job.error ?? "failed" } : {}),
  };
}

export async function getExportOrThrow(id: string): Promise<JobRow> {
  const job = JOB_ID.test(id) ? await findJob(id) : null;
  if (!job || job.type !== EXPORT_JOB) throw notFound(`No telemetry export with id '${id.slice(0, 64)}' (finished exports are deleted after DM_TELEMETRY_RETENTION_HOURS)`);
  return job;
}

/** The finished bundle's path; 409 while the job has not succeeded. */
export async function exportDownload(id: string): Promise<{ file: string; filename: string }> {
  const job = await getExportOrThrow(id);
  if (job.status !== "SUCCESS") throw conflict(`Telemetry export '${id}' is ${job.status}: the bundle can be downloaded once it is SUCCESS`);
  const file = exportZipPath(job.id);
  if (!(await exists(file))) throw notFound(`The bundle of telemetry export '${id}' is no longer on this server`);
  return { file, filename: `${(job.input as ExportInput).request.label}.zip` };
}

export async function listExports() {
  return (await listJobs(EXPORT_JOB, 50)).map((job) => ({ ...exportView(job), created_at: job.createdAt.toISOString() }));
}
