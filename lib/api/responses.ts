/** `{statusCode, data, error}` — the envelope most endpoints of the reference use. */
export function envelope<T>(data: T, statusCode = 200): Response {
  return Response.json({ statusCode, data, error: null }, { status: statusCode });
}

/**
 * The answer of every write that pushes to the cluster, as the reference shows it: 200 with
 * `successful_apply`, or 500 with `failed_to_apply` and a reason (the stored change is kept).
 */
export function applyResponse(result: { successful: string[]; failed: Map<string, string> }): Response {
  if (result.failed.size === 0) {
    return Response.json({ data: { successful_apply: result.successful }, statusCode: 200, error: null });
  }
  const reasons = [...result.failed].map(([name, reason]) => `${name}: ${reason}`);
  return Response.json(
    {
      data: { successful_apply: result.successful, failed_to_apply: [...result.failed.keys()].sort() },
      statusCode: 500,
      error: `${result.failed.size} object(s) failed to apply to the cluster (the change is stored; deployment/update retries): ${reasons.join("; ")}`,
    },
    { status: 500 },
  );
}
