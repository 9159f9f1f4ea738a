import { withHandler } from "@/lib/api/handler";
import { envelope } from "@/lib/api/responses";
import { hibernationState } from "@/lib/services/cluster/hibernation";

// GET /deployment/hibernation – whether the cluster is hibernated, and the recorded replicas (console)
export const GET = withHandler(async () => envelope(await hibernationState()));
