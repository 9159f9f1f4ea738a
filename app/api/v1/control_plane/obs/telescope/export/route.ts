import { withHandler } from "@/lib/api/handler";
import { envelope } from "@/lib/api/responses";
import { exportRequestSchema } from "@/lib/api/schemas/telemetry";
import { enqueueExport } from "@/lib/services/telemetry/export-job";

// POST /obs/telescope/export – queue a telemetry export (durable job)
export const POST = withHandler(async ({ input, principal }) => envelope(await enqueueExport(await input(exportRequestSchema), principal?.tokenId ?? null)));
