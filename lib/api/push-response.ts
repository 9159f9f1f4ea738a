import type { PushResult } from "@/lib/services/configs/push";

/**
 * The answer of `deployment/update` and `resourcing/cluster/:size` as the reference shows it: 200
 * with `successful_apply` and `failed_to_apply` as a map name → reason (empty when all applied).
 * Failed objects stay NOT_GOLDEN and a later `deployment/update` retries them.
 */
export function pushResponse(result: PushResult): Response {
  return Response.json({
    statusCode: 200,
    data: { successful_apply: result.successful, failed_to_apply: Object.fromEntries([...result.failed].sort(([a], [b]) => a.localeCompare(b))) },
    error: null,
  });
}
