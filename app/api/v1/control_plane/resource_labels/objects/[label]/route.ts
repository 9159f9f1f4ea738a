import { withHandler } from "@/lib/api/handler";
import { mustExistSchema } from "@/lib/api/schemas/config-store";
import { objectsOfLabel } from "@/lib/services/configs/label-queries";

// GET /resource_labels/objects/LABEL?must_exist= – the objects bound to a label
export const GET = withHandler<{ label: string }>(async ({ params, query }) => {
  const { must_exist } = await query(mustExistSchema);
  return { objects: await objectsOfLabel(params.label, must_exist) };
});
