import { withHandler } from "@/lib/api/handler";
import { envelope } from "@/lib/api/responses";
import { platformComponents } from "@/lib/services/health/status";

// GET /platform-status/components – every component with its health checks' latest state
export const GET = withHandler(async () => envelope(await platformComponents()));
