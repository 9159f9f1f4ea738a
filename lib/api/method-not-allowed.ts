import { ApiError } from "./errors";
import { withHandler } from "./handler";

/**
 * The answer to a method a route does not export (lib/server/app-server.ts sends such requests
 * here instead of to Next.js, whose answer is a bare 405): authenticated like the route's own
 * methods — without a valid token, 401 and nothing about the route — then 405 in the error
 * envelope with an Allow header; OPTIONS gets 204 with the Allow header.
 */
export function methodNotAllowed(method: string, allowed: readonly string[], options: { auth: boolean }) {
  const allow = allowed.join(", ");
  return withHandler<Record<string, unknown>>(
    async ({ url }) => {
      if (method === "OPTIONS") return new Response(null, { status: 204, headers: { allow } });
      throw new ApiError("method_not_allowed", `Method ${method} is not allowed on ${url.pathname}; allowed: ${allow}`, { allow });
    },
    { auth: options.auth },
  );
}
