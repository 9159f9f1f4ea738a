import { withHandler } from "@/lib/api/handler";
import { creatorName } from "@/lib/api/principal";
import { envelope } from "@/lib/api/responses";
import { revive } from "@/lib/services/cluster/hibernation";

// POST /deployment/revive – restore the replicas recorded by hibernate; 500 naming those that failed
export const POST = withHandler(async ({ principal }) => {
  await revive(creatorName(principal));
  return envelope(null);
});
