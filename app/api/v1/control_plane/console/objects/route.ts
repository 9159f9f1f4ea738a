import { withHandler } from "@/lib/api/handler";
import { envelope } from "@/lib/api/responses";
import { consoleObjects } from "@/lib/services/configs/console-queries";

// GET /console/objects – every object (kind, release, stale, newest/golden patch version, labels) and every label, in one call
export const GET = withHandler(async () => envelope(await consoleObjects()));
