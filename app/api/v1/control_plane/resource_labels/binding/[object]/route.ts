import { withHandler } from "@/lib/api/handler";
import { applyResponse } from "@/lib/api/responses";
import { unbindLabelsSchema } from "@/lib/api/schemas/config-store";
import { unbindObject } from "@/lib/services/configs/labels";

// DELETE /resource_labels/binding/OBJECT_NAME[?label=NAME...] – remove an object's label bindings, or only the named ones (its kind label is intrinsic)
export const DELETE = withHandler<{ object: string }>(async ({ params, url }) => {
  const labels = url.searchParams.has("label") ? unbindLabelsSchema.parse({ label: url.searchParams.getAll("label") }).label : undefined;
  return applyResponse(await unbindObject(params.object, labels));
});
