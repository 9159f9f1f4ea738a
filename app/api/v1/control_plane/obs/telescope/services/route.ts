import { withHandler } from "@/lib/api/handler";
import { envelope } from "@/lib/api/responses";
import { listServices } from "@/lib/services/telemetry/services";

// GET /obs/telescope/services – the services an export can name (console)
export const GET = withHandler(async () =>
  envelope((await listServices()).map((s) => ({ name: s.name, kind: s.kind, stored: s.stored, running: s.live !== null }))),
);
