import { withHandler } from "@/lib/api/handler";
import { creatorName } from "@/lib/api/principal";
import { envelope } from "@/lib/api/responses";
import { hibernate } from "@/lib/services/cluster/hibernation";

// POST /deployment/hibernate – record replicas and scale every Deployment and StatefulSet to 0
export const POST = withHandler(async ({ principal }) => {
  await hibernate(creatorName(principal));
  return envelope(null);
});
