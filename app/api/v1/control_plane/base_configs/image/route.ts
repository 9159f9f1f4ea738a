import { withHandler } from "@/lib/api/handler";
import { applyResponse } from "@/lib/api/responses";
import { imageUpdateSchema } from "@/lib/api/schemas/config-store";
import { updateImage } from "@/lib/services/configs/base-configs";

// POST /base_configs/image – change one container's image (a new base revision) and push
export const POST = withHandler(async ({ input, principal }) =>
  applyResponse(await updateImage(await input(imageUpdateSchema), principal?.tokenId ?? null)),
);
