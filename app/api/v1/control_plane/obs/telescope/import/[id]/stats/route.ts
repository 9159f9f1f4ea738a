import { withHandler } from "@/lib/api/handler";
import { envelope } from "@/lib/api/responses";
import { importedStats } from "@/lib/services/telemetry/imported";

// GET /obs/telescope/import/:id/stats – the imported bundle's manifest and STATS series (console)
export const GET = withHandler<{ id: string }>(async ({ params }) => envelope(await importedStats(params.id)));
