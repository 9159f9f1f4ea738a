import { withHandler } from "@/lib/api/handler";
import { envelope } from "@/lib/api/responses";
import { patchVersionParam } from "@/lib/api/schemas/config-store";
import { configAt } from "@/lib/services/configs/config-queries";

// GET /configs/OBJECT_NAME/at/PATCH_VERSION – the config as it was at a patch version (time travel)
export const GET = withHandler<{ object: string; version: string }>(async ({ params }) =>
  envelope(await configAt(params.object, patchVersionParam.parse(params.version))),
);
