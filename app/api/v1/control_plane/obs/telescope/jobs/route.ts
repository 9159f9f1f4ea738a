import { withHandler } from "@/lib/api/handler";
import { envelope } from "@/lib/api/responses";
import { listExports } from "@/lib/services/telemetry/export-job";
import { listImports } from "@/lib/services/telemetry/import-job";

// GET /obs/telescope/jobs – the newest exports and imports (console)
export const GET = withHandler(async () => {
  const [exports, imports] = await Promise.all([listExports(), listImports()]);
  return envelope({ exports, imports });
});
