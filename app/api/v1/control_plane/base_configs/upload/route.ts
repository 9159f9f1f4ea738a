import { withHandler } from "@/lib/api/handler";
import { baseConfigUploadSchema } from "@/lib/api/schemas/config-store";
import { singleFile } from "@/lib/api/uploads";
import { readUpload } from "@/lib/services/configs/base-configs";
import { enqueueUpload } from "@/lib/services/configs/upload-job";

// POST /base_configs/upload – validate an upload now, store and push it in a durable job
export const POST = withHandler(async ({ body, input, principal }) => {
  const { release_version, base_config } = await input(baseConfigUploadSchema);
  const objects = await readUpload({ text: base_config, file: singleFile(await body(), "file") });
  const id = await enqueueUpload(release_version, objects, principal?.tokenId ?? null);
  return { data: { RequestID: id }, status_code: 200 };
});
