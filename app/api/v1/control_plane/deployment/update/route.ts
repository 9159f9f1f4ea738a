import { withHandler } from "@/lib/api/handler";
import { creatorName } from "@/lib/api/principal";
import { pushResponse } from "@/lib/api/push-response";
import { pushCurrentConfigs } from "@/lib/services/cluster/update";

// POST /deployment/update – apply the current materialized config of every object to the cluster
export const POST = withHandler(async ({ principal }) => pushResponse(await pushCurrentConfigs(creatorName(principal))));
