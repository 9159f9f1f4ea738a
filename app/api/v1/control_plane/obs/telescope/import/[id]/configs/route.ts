import { withHandler } from "@/lib/api/handler";
import { envelope } from "@/lib/api/responses";
import { importedConfigs } from "@/lib/services/telemetry/imported";

// GET /obs/telescope/import/:id/configs – per service, the imported materialized config and patches
export const GET = withHandler<{ id: string }>(async ({ params }) => envelope(await importedConfigs(params.id)));
