import { withHandler } from "@/lib/api/handler";
import { envelope } from "@/lib/api/responses";
import { exportView, getExportOrThrow } from "@/lib/services/telemetry/export-job";

// GET /obs/telescope/export/:id/status – the export job's status, request and zip path
export const GET = withHandler<{ id: string }>(async ({ params }) => envelope(exportView(await getExportOrThrow(params.id))));
