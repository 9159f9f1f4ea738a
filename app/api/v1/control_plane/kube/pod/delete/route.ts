import { withHandler } from "@/lib/api/handler";
import { creatorName } from "@/lib/api/principal";
import { envelope } from "@/lib/api/responses";
import { podSchema } from "@/lib/api/schemas/cluster";
import { deletePod } from "@/lib/services/cluster/kube-ops";

// POST /kube/pod/delete – delete a pod (form `pod`)
export const POST = withHandler(async ({ input, principal }) => {
  const { pod, namespace } = await input(podSchema);
  await deletePod({ name: pod, namespace }, creatorName(principal));
  return envelope(null);
});
