import { withHandler } from "@/lib/api/handler";
import { runSetup } from "@/lib/services/setup";

// GET /setup – create the Deployment Manager's tables and default label bindings
export const GET = withHandler(async () => {
  await runSetup();
  return { status: "OK" };
});
