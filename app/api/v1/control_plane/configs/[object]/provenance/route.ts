import { withHandler } from "@/lib/api/handler";
import { envelope } from "@/lib/api/responses";
import { configProvenance } from "@/lib/services/configs/provenance";

// GET /configs/OBJECT_NAME/provenance – each line of the config with the base release, patch or transform that set it
export const GET = withHandler<{ object: string }>(async ({ params }) => envelope(await configProvenance(params.object)));
