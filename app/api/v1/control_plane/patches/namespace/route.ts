import { withHandler } from "@/lib/api/handler";
import { creatorName } from "@/lib/api/principal";
import { applyResponse } from "@/lib/api/responses";
import { namespaceSchema } from "@/lib/api/schemas/config-store";
import { recordTransform } from "@/lib/services/configs/transforms";

// POST /patches/namespace – set the namespace of every config (recorded, removable)
export const POST = withHandler(async ({ input, principal }) => {
  const { namespace, description } = await input(namespaceSchema);
  return applyResponse(await recordTransform("namespace", namespace, { description, createdBy: creatorName(principal) }));
});
