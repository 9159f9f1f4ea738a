import { withHandler } from "@/lib/api/handler";
import { applyResponse } from "@/lib/api/responses";
import { baseConfigFilterSchema, baseConfigUploadSchema } from "@/lib/api/schemas/config-store";
import { singleFile } from "@/lib/api/uploads";
import { readUpload, uploadRelease } from "@/lib/services/configs/base-configs";
import { baseConfigList } from "@/lib/services/configs/views";

// GET /base_configs – stored base configs, filtered by version and/or object
export const GET = withHandler(async ({ query }) => {
  const baseConfigs = await baseConfigList(await query(baseConfigFilterSchema));
  return { data: { baseConfigs }, statusCode: 200, error: null };
});

// POST /base_configs – upload a release (text or archive) and push it
export const POST = withHandler(async ({ body, input, principal }) => {
  const { release_version, base_config } = await input(baseConfigUploadSchema);
  const file = singleFile(await body(), "file");
  const objects = await readUpload({ text: base_config, file });
  return applyResponse(await uploadRelease(release_version, objects, principal?.tokenId ?? null));
});
