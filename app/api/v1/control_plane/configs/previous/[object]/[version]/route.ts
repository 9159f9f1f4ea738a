import { withHandler } from "@/lib/api/handler";
import { envelope } from "@/lib/api/responses";
import { patchVersionParam } from "@/lib/api/schemas/config-store";
import { configAroundPatch } from "@/lib/services/configs/config-queries";

// GET /configs/previous/OBJECT_NAME/PATCH_VERSION – the config before and after a patch
export const GET = withHandler<{ object: string; version: string }>(async ({ params }) =>
  envelope(await configAroundPatch(params.object, patchVersionParam.parse(params.version))),
);
