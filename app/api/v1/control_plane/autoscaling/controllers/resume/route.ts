import { badRequest } from "@/lib/api/errors";
import { withHandler } from "@/lib/api/handler";
import { creatorName } from "@/lib/api/principal";
import { controllerSchema } from "@/lib/api/schemas/cluster";
import { CONTROLLER_NAMES, setControllersPaused } from "@/lib/services/cluster/controllers/runner";

// POST /autoscaling/controllers/resume – resume every autoscaling controller (or the one named in `controller`)
export const POST = withHandler(async ({ input, principal }) => {
  const { controller } = await input(controllerSchema);
  if (controller !== undefined && !CONTROLLER_NAMES.includes(controller)) {
    throw badRequest(`Invalid parameters: unknown controller '${controller}' (one of ${CONTROLLER_NAMES.join(", ")})`);
  }
  return setControllersPaused(false, creatorName(principal), controller);
});
