import { withHandler } from "@/lib/api/handler";
import { controllerStatus } from "@/lib/services/cluster/controllers/runner";

// GET /autoscaling/controllers/status – {"binary-autoscaler": "running", "scale-down-to-zero": "paused"}
export const GET = withHandler(async () => controllerStatus());
