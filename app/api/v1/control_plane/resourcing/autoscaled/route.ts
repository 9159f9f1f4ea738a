import { withHandler } from "@/lib/api/handler";
import { envelope } from "@/lib/api/responses";
import { autoscaledNames } from "@/lib/services/cluster/kube-ops";

// GET /resourcing/autoscaled – workloads with autoscaling enabled (HPA or an autoscaling controller)
export const GET = withHandler(async () => envelope({ names: await autoscaledNames() }));
