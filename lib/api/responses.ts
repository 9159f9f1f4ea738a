/** `{statusCode, data, error}` — the envelope most endpoints of the reference use. */
export function envelope<T>(data: T, statusCode = 200): Response {
  return Response.json({ statusCode, data, error: null }, { status: statusCode });
}
