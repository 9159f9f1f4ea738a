import { withHandler } from "@/lib/api/handler";
import { creatorName } from "@/lib/api/principal";
import { envelope } from "@/lib/api/responses";
import { jobParam, namespaceQuery } from "@/lib/api/schemas/cluster";
import { deleteJob } from "@/lib/services/cluster/kube-ops";

// DELETE /kube/job/JOB_NAME – delete a Job and its pods (?namespace=, default DM_NAMESPACE)
export const DELETE = withHandler<{ job: string }>(async ({ params, query, principal }) => {
  const { namespace } = await query(namespaceQuery);
  await deleteJob({ name: jobParam.parse(params.job), namespace }, creatorName(principal));
  return envelope(null);
});
