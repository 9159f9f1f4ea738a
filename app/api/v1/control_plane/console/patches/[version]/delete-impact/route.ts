import { withHandler } from "@/lib/api/handler";
import { envelope } from "@/lib/api/responses";
import { patchVersionParam } from "@/lib/api/schemas/config-store";
import { deleteImpact } from "@/lib/services/configs/console-queries";

// GET /console/patches/VERSION/delete-impact – each reached object's config now and without the patch (nothing written)
export const GET = withHandler<{ version: string }>(async ({ params }) => envelope(await deleteImpact(patchVersionParam.parse(params.version))));
