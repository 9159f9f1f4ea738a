import { withHandler } from "@/lib/api/handler";
import { patchListJson } from "@/lib/services/configs/patch-queries";

// GET /patches – every live patch, in version order
export const GET = withHandler(async () => new Response(await patchListJson(), { headers: { "content-type": "application/json" } }));
