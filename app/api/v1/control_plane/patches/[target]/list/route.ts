import { withHandler } from "@/lib/api/handler";
import { envelope } from "@/lib/api/responses";
import { patchesFor } from "@/lib/services/configs/patch-queries";

// GET /patches/OBJECT_NAME/list – version, target and description of the patches that reach an object
export const GET = withHandler<{ target: string }>(async ({ params }) => {
  const patches = await patchesFor(params.target);
  return envelope({ patches: patches.map(({ version, target, description }) => ({ version, target, description })) });
});
