import { withHandler } from "@/lib/api/handler";
import { envelope } from "@/lib/api/responses";
import { podLogsQuery } from "@/lib/api/schemas/cluster";
import { podLogs } from "@/lib/services/cluster/kube-ops";

// GET /kube/pod/logs?pod=NAME – the last lines of a pod's log (console)
export const GET = withHandler(async ({ query }) => {
  const { pod, namespace, container, tailLines } = await query(podLogsQuery);
  return envelope({ pod, logs: await podLogs({ name: pod, namespace, container, tailLines }) });
});
