import { getPrisma } from "@/lib/db";
import { type JobOutcome, wakeJobRunner } from "@/lib/jobs/runner";
import { type BaseObject, parseManifestObjects, toYamlStream } from "@/lib/materialize";
import { type ClaimedJob, enqueueJob } from "@/lib/store/jobs";
import { withWriteLock } from "@/lib/store/tx";
import { decrypt, encrypt } from "../crypto";
import { identifyRelease, storeRelease } from "./base-configs";
import { type SkippedPatch, pushReporting } from "./rematerialize";
import { loadStoreView } from "./state";

/**
 * `base_configs/upload`: the upload is validated at once (bad input answers 400 and stores
 * nothing), then stored and pushed by a durable job. The job records its progress in the same
 * transaction that stores the release, so a restart never stores it twice: an interrupted job is
 * claimed again and only pushes. The documents (Secrets among them) are stored encrypted in the
 * job's input and blanked once the release is stored: the jobs table never keeps them in clear.
 */

export const UPLOAD_JOB = "base_config_upload";

/** `documents`: the release's YAML stream, encrypted (`enc:v1:`); "" once stored. */
type UploadInput = { releaseVersion: string; documents: string; uploadedBy: string | null };
/** `objects`: the keys of the objects to push. */
type UploadProgress = { stage?: "stored"; objects?: string[]; skipped_patches?: SkippedPatch[] };

export async function enqueueUpload(releaseVersion: string, objects: readonly BaseObject[], uploadedBy: string | null): Promise<string> {
  const input: UploadInput = { releaseVersion, documents: encrypt(toYamlStream(objects.map((o) => o.object))), uploadedBy };
  const id = await enqueueJob(UPLOAD_JOB, input, uploadedBy);
  wakeJobRunner();
  return id;
}

export async function runUploadJob(job: ClaimedJob): Promise<JobOutcome> {
  const input = job.input as UploadInput;
  let progress = (job.result ?? {}) as UploadProgress;
  if (progress.stage !== "stored") {
    const objects = identifyRelease(parseManifestObjects(decrypt(input.documents)), await loadStoreView());
    progress = await withWriteLock(async (tx) => {
      const { keys, skipped } = await storeRelease(tx, input.releaseVersion, objects, input.uploadedBy);
      const stored: UploadProgress = { stage: "stored", objects: keys, skipped_patches: skipped };
      await tx.job.update({ where: { id: job.id }, data: { result: stored, input: { ...input, documents: "" } } });
      return stored;
    });
  }
  const pushed = await pushReporting({ keys: progress.objects ?? [], skipped: progress.skipped_patches ?? [] });
  const result = {
    stage: "stored",
    objects: progress.objects ?? [],
    successful_apply: pushed.successful,
    failed_to_apply: Object.fromEntries(pushed.failed),
    skipped_patches: pushed.skipped,
  };
  if (pushed.failed.size === 0) return { status: "SUCCESS", result };
  return { status: "FAILED", result, error: `${pushed.failed.size} object(s) failed to apply to the cluster (the release is stored; deployment/update retries)` };
}

export async function uploadStatus(id: string) {
  const prisma = await getPrisma();
  return prisma.job.findFirst({ where: { id, type: UPLOAD_JOB } });
}
