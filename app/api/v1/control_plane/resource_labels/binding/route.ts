import { withHandler } from "@/lib/api/handler";
import { applyResponse } from "@/lib/api/responses";
import { bindingSchema } from "@/lib/api/schemas/config-store";
import { bindLabels } from "@/lib/services/configs/labels";

// POST /resource_labels/binding – bind every label to every object given (repeated form keys)
export const POST = withHandler(async ({ input }) => {
  const { label, object_name } = await input(bindingSchema);
  return applyResponse(await bindLabels(label, object_name));
});
