import { withHandler } from "@/lib/api/handler";
import { latestConfigOrThrow } from "@/lib/services/configs/config-queries";
import { configView } from "@/lib/services/configs/views";

// GET /configs/OBJECT_NAME – the newest materialized config of one object
export const GET = withHandler<{ object: string }>(async ({ params }) => configView(await latestConfigOrThrow(params.object)));
