import { withHandler } from "@/lib/api/handler";
import { envelope } from "@/lib/api/responses";
import { clusterSizes } from "@/lib/services/cluster/sizing";

// GET /resourcing/cluster – the size presets and the size applied last (console)
export const GET = withHandler(async () => envelope(await clusterSizes()));
