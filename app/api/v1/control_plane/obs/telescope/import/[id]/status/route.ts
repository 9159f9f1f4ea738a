import { withHandler } from "@/lib/api/handler";
import { envelope } from "@/lib/api/responses";
import { getImportOrThrow, importView } from "@/lib/services/telemetry/import-job";

// GET /obs/telescope/import/:id/status – the import job's status and the bundle's request
export const GET = withHandler<{ id: string }>(async ({ params }) => envelope(importView(await getImportOrThrow(params.id))));
