import { withHandler } from "@/lib/api/handler";
import { envelope } from "@/lib/api/responses";
import { configHistory } from "@/lib/services/configs/config-queries";

// GET /configs/OBJECT_NAME/history – every materialized version of an object, newest first
export const GET = withHandler<{ object: string }>(async ({ params }) => envelope({ configs: await configHistory(params.object) }));
