import { withHandler } from "@/lib/api/handler";
import { latestConfigs } from "@/lib/services/configs/config-queries";

// GET /configs – the newest materialized config of every object
export const GET = withHandler(async () => ({ configs: await latestConfigs() }));
