import { withHandler } from "@/lib/api/handler";
import { cachedJsonResponse } from "@/lib/api/responses";
import { latestConfigJson } from "@/lib/services/configs/config-queries";

// GET /configs/OBJECT_NAME – the newest materialized config of one object
export const GET = withHandler<{ object: string }>(async ({ params, req }) => cachedJsonResponse(await latestConfigJson(params.object), req));
