import { z } from "zod";
import { notFound } from "@/lib/api/errors";
import { withHandler } from "@/lib/api/handler";
import { uploadStatus } from "@/lib/services/configs/upload-job";

const requestId = z.uuid({ error: "must be a RequestID returned by base_configs/upload" });

// GET /base_configs/upload/:request_id – the status and result of an asynchronous upload
export const GET = withHandler<{ id: string }>(async ({ params }) => {
  const job = await uploadStatus(requestId.parse(params.id));
  if (!job) throw notFound(`No upload with RequestID ${params.id}`);
  const result = (job.result ?? {}) as { successful_apply?: string[]; failed_to_apply?: Record<string, string>; skipped_patches?: object[] };
  const data = {
    status: job.status,
    successful_apply: result.successful_apply ?? [],
    ...(result.failed_to_apply && Object.keys(result.failed_to_apply).length ? { failed_to_apply: Object.keys(result.failed_to_apply) } : {}),
    ...(result.skipped_patches?.length ? { skipped_patches: result.skipped_patches } : {}),
  };
  if (job.status === "FAILED") {
    const reasons = Object.entries(result.failed_to_apply ?? {}).map(([name, reason]) => `${name}: ${reason}`);
    return Response.json({ statusCode: 500, data, error: [job.error, ...reasons].filter(Boolean).join("; ") }, { status: 500 });
  }
  return { statusCode: 200, data, error: null };
});
