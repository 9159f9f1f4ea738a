import { withHandler } from "@/lib/api/handler";
import { envelope } from "@/lib/api/responses";
import { clusterView } from "@/lib/services/cluster/kube-ops";

// GET /kube/workloads – workloads with desired/ready replicas and their pods, Jobs, other pods (console)
export const GET = withHandler(async () => envelope(await clusterView()));
