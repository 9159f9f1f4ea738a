import { withHandler } from "@/lib/api/handler";
import { envelope } from "@/lib/api/responses";
import { deploymentNamespace } from "@/lib/services/platform-info";

// GET /deployments/namespace – the namespace the Deployment Manager runs in
export const GET = withHandler(async () => envelope({ namespace: await deploymentNamespace() }));
