import { withHandler } from "@/lib/api/handler";
import { cachedJsonResponse } from "@/lib/api/responses";
import { patchListJson } from "@/lib/services/configs/patch-queries";

// GET /patches – every live patch, in version order
export const GET = withHandler(async ({ req }) => cachedJsonResponse(await patchListJson(), req));
