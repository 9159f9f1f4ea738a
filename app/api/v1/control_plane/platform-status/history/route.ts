import { withHandler } from "@/lib/api/handler";
import { envelope } from "@/lib/api/responses";
import { historyQuerySchema } from "@/lib/api/schemas/telemetry";
import { checkHistory } from "@/lib/services/health/status";

// GET /platform-status/history – the newest runs of every check (status and runtime), for the board's charts
export const GET = withHandler(async ({ query }) => envelope(await checkHistory((await query(historyQuerySchema)).limit)));
