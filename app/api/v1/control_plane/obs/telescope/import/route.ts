import { withHandler } from "@/lib/api/handler";
import { envelope } from "@/lib/api/responses";
import { singleFile } from "@/lib/api/uploads";
import { importBundle } from "@/lib/services/telemetry/import-job";

// POST /obs/telescope/import – upload a Telescope bundle (multipart 'file'), validated, unpacked by a durable job
export const POST = withHandler(async ({ body, principal }) => envelope(await importBundle(singleFile(await body(), "file"), principal?.tokenId ?? null)));
