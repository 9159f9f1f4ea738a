import { withHandler } from "@/lib/api/handler";
import { creatorName } from "@/lib/api/principal";
import { envelope } from "@/lib/api/responses";
import { podSchema } from "@/lib/api/schemas/cluster";
import { quarantinePod } from "@/lib/services/cluster/kube-ops";

// POST /kube/pod/quarantine – take a pod out of its Service and owner, keep it for inspection (form `pod`)
export const POST = withHandler(async ({ input, principal }) => {
  const { pod, namespace } = await input(podSchema);
  await quarantinePod({ name: pod, namespace }, creatorName(principal));
  return envelope(null);
});
