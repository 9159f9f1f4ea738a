import { withHandler } from "@/lib/api/handler";
import { applyResponse, envelope } from "@/lib/api/responses";
import { patchVersionParam } from "@/lib/api/schemas/config-store";
import { deletePatch } from "@/lib/services/configs/delete-patch";
import { patchesFor } from "@/lib/services/configs/patch-queries";

// GET /patches/OBJECT_NAME – the patches that reach an object (by name or label)
export const GET = withHandler<{ target: string }>(async ({ params }) => envelope({ patches: await patchesFor(params.target) }));

// DELETE /patches/VERSION – remove a patch, re-materialize and push what it reached
export const DELETE = withHandler<{ target: string }>(async ({ params }) =>
  applyResponse(await deletePatch(patchVersionParam.parse(params.target))),
);
