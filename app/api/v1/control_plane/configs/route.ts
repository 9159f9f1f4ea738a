import { withHandler } from "@/lib/api/handler";
import { configView } from "@/lib/services/configs/views";
import { latestMaterialized } from "@/lib/store/materialized";

// GET /configs – the newest materialized config of every object
export const GET = withHandler(async () => ({ configs: (await latestMaterialized()).map(configView) }));
