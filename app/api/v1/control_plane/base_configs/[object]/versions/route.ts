import { withHandler } from "@/lib/api/handler";
import { objectVersions } from "@/lib/services/configs/views";

// GET /base_configs/:object/versions – the release versions of one object
export const GET = withHandler<{ object: string }>(async ({ params }) => ({ versions: await objectVersions(params.object) }));
