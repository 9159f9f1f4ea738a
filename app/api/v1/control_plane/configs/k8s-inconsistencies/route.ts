import { withHandler } from "@/lib/api/handler";
import { findInconsistencies } from "@/lib/services/cluster/drift";

// GET /configs/k8s-inconsistencies – drift between the stored configs and the live objects
export const GET = withHandler(async () => findInconsistencies());

// POST /configs/k8s-inconsistencies – the same (the reference's example uses POST)
export const POST = GET;
