import { withHandler } from "@/lib/api/handler";
import { creatorName } from "@/lib/api/principal";
import { pushResponse } from "@/lib/api/push-response";
import { envelope } from "@/lib/api/responses";
import { sizeQuery } from "@/lib/api/schemas/cluster";
import { applySize, presetOrThrow, previewSize } from "@/lib/services/cluster/sizing";

// POST /resourcing/cluster/:size – record the size preset as patches and push (?dry_run=true previews)
export const POST = withHandler<{ size: string }>(async ({ params, query, principal }) => {
  presetOrThrow(params.size);
  const { dry_run } = await query(sizeQuery);
  if (dry_run) return envelope({ size: params.size, workloads: await previewSize(params.size) });
  return pushResponse(await applySize(params.size, creatorName(principal)));
});
