import { withHandler } from "@/lib/api/handler";
import { applyResponse } from "@/lib/api/responses";
import { unbindObject } from "@/lib/services/configs/labels";

// DELETE /resource_labels/binding/OBJECT_NAME – remove an object's label bindings (its kind label is intrinsic)
export const DELETE = withHandler<{ object: string }>(async ({ params }) => applyResponse(await unbindObject(params.object)));
