import { withHandler } from "@/lib/api/handler";
import { envelope } from "@/lib/api/responses";
import { importLogsQuerySchema } from "@/lib/api/schemas/telemetry";
import { importedLogs } from "@/lib/services/telemetry/imported";

// GET /obs/telescope/import/:id/logs – the imported log lines, searchable (console)
export const GET = withHandler<{ id: string }>(async ({ params, query }) => envelope(await importedLogs(params.id, await query(importLogsQuerySchema))));
