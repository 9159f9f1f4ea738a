import { withHandler } from "@/lib/api/handler";
import { creatorName } from "@/lib/api/principal";
import { pushResponse } from "@/lib/api/push-response";
import { pushCurrentConfigs } from "@/lib/services/cluster/update";

// POST /deployment/update/:object – apply the current materialized config of one object
export const POST = withHandler<{ object: string }>(async ({ params, principal }) =>
  pushResponse(await pushCurrentConfigs(creatorName(principal), params.object)),
);
