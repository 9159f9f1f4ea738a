/** `{statusCode, data, error}` — the envelope most endpoints of the reference use. */
export function envelope<T>(data: T, statusCode = 200): Response {
  return Response.json({ statusCode, data, error: null }, { status: statusCode });
}

/**
 * The answer of every write that pushes to the cluster, as the reference shows it: 200 with
 * `successful_apply`, or 500 with `failed_to_apply` and a reason (the stored change is kept).
 * `skipped_patches` (only when there are some): stored patches that no longer apply to an object
 * the write re-materialized (e.g. after an upgrade), left out of its config.
 */
export function applyResponse(result: {
  successful: string[];
  failed: Map<string, string>;
  skipped?: readonly object[];
  imagesLeftAlone?: readonly object[];
}): Response {
  const skipped = {
    ...(result.skipped?.length ? { skipped_patches: result.skipped } : {}),
    ...(result.imagesLeftAlone?.length ? { images_left_alone: result.imagesLeftAlone } : {}),
  };
  if (result.failed.size === 0) {
    return Response.json({ data: { successful_apply: result.successful, ...skipped }, statusCode: 200, error: null });
  }
  const reasons = [...result.failed].map(([name, reason]) => `${name}: ${reason}`);
  return Response.json(
    {
      data: { successful_apply: result.successful, failed_to_apply: [...result.failed.keys()].sort(), ...skipped },
      statusCode: 500,
      error: `${result.failed.size} object(s) failed to apply to the cluster (the change is stored; deployment/update retries): ${reasons.join("; ")}`,
    },
    { status: 500 },
  );
}

// Responses whose body is a cached, immutable byte array. The production server (lib/server)
// writes those bytes to the socket itself; for the requests it hands straight to a route handler
// (`serveDirectly`) the Response is not even given a body stream (building one per response is a
// measurable share of a hot read's CPU). Through Next.js, the body is a stream over the same bytes.
type Bodies = { bytes: WeakMap<Response, Uint8Array>; direct: WeakSet<Request> };
const globalForBodies = globalThis as typeof globalThis & { __dmCachedBodies?: Bodies };
const bodies: Bodies = (globalForBodies.__dmCachedBodies ??= { bytes: new WeakMap(), direct: new WeakSet() });

/** Marks a request the server answers itself from `cachedBody()` (lib/server/app-server.ts). */
export function serveDirectly(req: Request): void {
  bodies.direct.add(req);
}

/** A JSON response from cached bytes, never copied. */
export function cachedJsonResponse(bytes: Uint8Array, req: Request): Response {
  const headers = { "content-type": "application/json", "content-length": String(bytes.byteLength) };
  const body = bodies.direct.has(req)
    ? null
    : new ReadableStream<Uint8Array>({
        pull(controller) {
          controller.enqueue(bytes);
          controller.close();
        },
      });
  const response = new Response(body, { headers });
  bodies.bytes.set(response, bytes);
  return response;
}

/** The bytes of a `cachedJsonResponse` (unread), or undefined. */
export function cachedBody(response: Response): Uint8Array | undefined {
  return response.bodyUsed ? undefined : bodies.bytes.get(response);
}
