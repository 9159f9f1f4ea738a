import { withHandler } from "@/lib/api/handler";
import { creatorName } from "@/lib/api/principal";
import { applyResponse } from "@/lib/api/responses";
import { registrySchema } from "@/lib/api/schemas/config-store";
import { recordTransform } from "@/lib/services/configs/transforms";

// POST /patches/registry – set the image registry of every config (recorded, removable)
export const POST = withHandler(async ({ input, principal }) => {
  const { registry, description } = await input(registrySchema);
  return applyResponse(await recordTransform("registry", registry, { description, createdBy: creatorName(principal) }));
});
