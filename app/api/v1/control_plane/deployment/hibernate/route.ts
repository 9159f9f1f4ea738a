import { withHandler } from "@/lib/api/handler";
import { creatorName } from "@/lib/api/principal";
import { envelope } from "@/lib/api/responses";
import { hibernate } from "@/lib/services/cluster/hibernation";

// POST /deployment/hibernate – record replicas and scale every Deployment and StatefulSet (but the manager's own) to 0; 500 naming those that failed
export const POST = withHandler(async ({ principal }) => {
  await hibernate(creatorName(principal));
  return envelope(null);
});
