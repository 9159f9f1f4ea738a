import { UPLOAD_JOB, runUploadJob } from "@/lib/services/configs/upload-job";
import { EXPORT_JOB, runExportJob } from "@/lib/services/telemetry/export-job";
import { IMPORT_JOB, runImportJob } from "@/lib/services/telemetry/import-job";
import { registerJobHandler, startJobRunner } from "./runner";

/** Every durable job type and its handler; started once at server start-up. */
export function startJobs(): { stop(): Promise<void> } {
  registerJobHandler(UPLOAD_JOB, runUploadJob);
  registerJobHandler(EXPORT_JOB, runExportJob);
  registerJobHandler(IMPORT_JOB, runImportJob);
  return startJobRunner();
}
