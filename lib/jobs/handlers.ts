import { UPLOAD_JOB, runUploadJob } from "@/lib/services/configs/upload-job";
import { registerJobHandler, startJobRunner } from "./runner";

/** Every durable job type and its handler; started once at server start-up. */
export function startJobs(): void {
  registerJobHandler(UPLOAD_JOB, runUploadJob);
  startJobRunner();
}
