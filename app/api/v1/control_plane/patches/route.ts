import { withHandler } from "@/lib/api/handler";
import { envelope } from "@/lib/api/responses";
import { patchViews } from "@/lib/services/configs/views";
import { listPatches } from "@/lib/store/patches";

// GET /patches – every live patch, in version order
export const GET = withHandler(async () => {
  const rows = await listPatches();
  return envelope({ patches: await patchViews(rows) });
});
