import { withHandler } from "@/lib/api/handler";
import { envelope } from "@/lib/api/responses";
import { controllerDetails } from "@/lib/services/cluster/controllers/runner";

// GET /autoscaling/controllers – each controller with its description, state and last run (console)
export const GET = withHandler(async () => envelope({ controllers: await controllerDetails() }));
