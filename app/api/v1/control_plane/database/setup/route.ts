import { withHandler } from "@/lib/api/handler";
import { databaseSetupSchema } from "@/lib/api/schemas/database";
import { setupPlatformDatabase } from "@/lib/services/platform-db";

// POST /database/setup – create the platform's tables (once)
export const POST = withHandler(async ({ input }) => {
  await setupPlatformDatabase(await input(databaseSetupSchema));
  return { status: "OK" };
});
