import type { z } from "zod";
import { getConfig } from "@/lib/config/env";
import { type Principal, SESSION_COOKIE, verifySession, verifyToken } from "@/lib/services/auth";
import { describeZodError } from "@/lib/services/errors";
import { withRequestStats } from "@/lib/services/telemetry/request-stats";
import { authThrottle } from "./auth-throttle";
import { type RequestBody, bodyFields, readBody } from "./body";
import { clientAddress } from "./client-address";
import { ApiError, toApiError } from "./errors";

/**
 * The one wrapper every API route goes through: authentication (Token header, or the console's
 * session cookie with a same-origin check for mutations), body parsing with a size limit, and
 * errors → `{statusCode, data: null, error}` with the matching HTTP status. Every request's route,
 * status and latency are counted (telemetry STATS).
 */

type RouteContext<P> = { params: Promise<P> };

export type HandlerContext<P> = {
  req: Request;
  params: P;
  principal: Principal | null;
  url: URL;
  /** The parsed body (read once, lazily). */
  body(): Promise<RequestBody>;
  /** Body fields validated against a zod schema (JSON object or form fields). */
  input<S extends z.ZodType>(schema: S): Promise<z.output<S>>;
  /** Query parameters validated against a zod schema. */
  query<S extends z.ZodType>(schema: S): Promise<z.output<S>>;
};

type Options = { auth?: boolean };

export function withHandler<P = Record<string, never>>(
  handler: (ctx: HandlerContext<P>) => Promise<Response | unknown>,
  options: Options = {},
) {
  return withRequestStats(async (req: Request, route: RouteContext<P>): Promise<Response> => {
    try {
      const principal = options.auth === false ? null : await authenticate(req);
      const url = new URL(req.url);
      let parsedBody: Promise<RequestBody> | undefined;
      const body = () => (parsedBody ??= readBody(req, getConfig().maxBodyBytes));
      const ctx: HandlerContext<P> = {
        req,
        url,
        principal,
        params: (await route?.params) ?? ({} as P),
        body,
        input: async (schema) => validate(schema, bodyFields(await body())),
        query: async (schema) => validate(schema, Object.fromEntries(url.searchParams)),
      };
      const result = await handler(ctx);
      return result instanceof Response ? result : Response.json(result);
    } catch (error) {
      return errorResponse(error);
    }
  });
}

function validate<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ApiError("bad_request", `Invalid parameters: ${describeZodError(parsed.error)}`);
  return parsed.data;
}

export function errorResponse(error: unknown): Response {
  const apiError = toApiError(error);
  if (apiError.code === "internal") console.error("[api] internal error:", redactError(error));
  return Response.json(
    { statusCode: apiError.status, data: null, error: apiError.message },
    { status: apiError.status, headers: apiError.headers },
  );
}

/** Logs name and message only: stacks and driver payloads can carry parameters (secrets). */
function redactError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message.slice(0, 500)}`;
  return "non-error thrown";
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

async function authenticate(req: Request): Promise<Principal> {
  const token = req.headers.get("token");
  if (token !== null) return verifyTokenThrottled(req, token);
  const session = readCookie(req, SESSION_COOKIE);
  if (session) {
    const principal = await verifySession(session);
    if (!principal) throw new ApiError("unauthorized", "Session expired: sign in again");
    if (!SAFE_METHODS.has(req.method) && !isSameOrigin(req)) {
      throw new ApiError("forbidden", "Cross-origin request refused");
    }
    return principal;
  }
  throw new ApiError("unauthorized", "Missing API token: send it in the 'Token' header");
}

/** A token checked against the failed-attempt limit of the client's address (auth-throttle.ts). */
export async function verifyTokenThrottled(req: Request, token: string): Promise<Principal> {
  const address = clientAddress(req);
  authThrottle().assertAllowed(address);
  const principal = await verifyToken(token);
  if (principal) return principal;
  authThrottle().recordFailure(address);
  throw new ApiError("unauthorized", "Invalid API token");
}

export function readCookie(req: Request, name: string): string | null {
  const header = req.headers.get("cookie");
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeCookie(name, part.slice(eq + 1).trim());
  }
  return null;
}

function decodeCookie(name: string, value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw new ApiError("bad_request", `Malformed cookie ${name}: not valid percent-encoding`);
  }
}

/** A cookie-authenticated mutation must come from a page of this very origin. */
export function isSameOrigin(req: Request): boolean {
  const origin = req.headers.get("origin");
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  if (!origin || !host) return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
