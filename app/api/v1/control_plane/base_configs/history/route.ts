import { withHandler } from "@/lib/api/handler";
import { envelope } from "@/lib/api/responses";
import { historyQuerySchema } from "@/lib/api/schemas/config-store";
import { upgradeHistory } from "@/lib/services/configs/views";

// GET /base_configs/history – upgrades by release, with their creators
export const GET = withHandler(async ({ query }) => envelope({ upgrades: await upgradeHistory(await query(historyQuerySchema)) }));
