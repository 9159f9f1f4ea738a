import { withHandler } from "@/lib/api/handler";
import { databaseSetupSchema } from "@/lib/api/schemas/database";
import { mockDdl } from "@/lib/services/platform-db";

// POST /database/mock_ddl – the statements database/setup would run; changes nothing
export const POST = withHandler(async ({ input }) => ({ ddls: mockDdl(await input(databaseSetupSchema)) }));
