import { withHandler } from "@/lib/api/handler";
import { envelope } from "@/lib/api/responses";
import { livePatchFor } from "@/lib/services/cluster/drift";

// GET /configs/k8s-inconsistencies/OBJECT – a patch that turns the live values into the config (console)
export const GET = withHandler<{ object: string }>(async ({ params }) => envelope(await livePatchFor(params.object)));
