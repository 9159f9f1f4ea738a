import { withHandler } from "@/lib/api/handler";
import { latestConfigView } from "@/lib/services/configs/config-queries";

// GET /configs/OBJECT_NAME – the newest materialized config of one object
export const GET = withHandler<{ object: string }>(async ({ params }) => latestConfigView(params.object));
