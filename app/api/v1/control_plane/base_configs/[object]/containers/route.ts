import { withHandler } from "@/lib/api/handler";
import { envelope } from "@/lib/api/responses";
import { objectContainers } from "@/lib/services/configs/views";

// GET /base_configs/:object/containers – the containers of an object's current base
export const GET = withHandler<{ object: string }>(async ({ params }) => envelope(await objectContainers(params.object)));
