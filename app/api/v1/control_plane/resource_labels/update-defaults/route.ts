import { withHandler } from "@/lib/api/handler";
import { envelope } from "@/lib/api/responses";
import { updateDefaultLabels } from "@/lib/services/configs/labels";

// POST /resource_labels/update-defaults – create missing default labels and kind bindings
export const POST = withHandler(async () => {
  const created = await updateDefaultLabels();
  return envelope({ labels_created: created.labels, bindings_created: created.bindings });
});
