import { z } from "zod";
import { isHttps } from "@/lib/api/client-address";
import { ApiError } from "@/lib/api/errors";
import { isSameOrigin, readCookie, verifyTokenThrottled, withHandler } from "@/lib/api/handler";
import { getConfig } from "@/lib/config/env";
import { SESSION_COOKIE, endSession, startSession } from "@/lib/services/auth";

// Console sign-in and sign-out: an API token buys an httpOnly, SameSite=Strict session cookie.

const signInSchema = z.object({ token: z.string().min(1, "is required").max(512) });

function cookie(req: Request, value: string, maxAgeSeconds: number): string {
  const secure = isHttps(req, getConfig().http.trustedProxyHops) ? "; Secure" : "";
  return `${SESSION_COOKIE}=${encodeURIComponent(value)}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure}`;
}

// POST /api/console/session – sign in with a token
export const POST = withHandler(
  async ({ req, input }) => {
    if (!isSameOrigin(req)) throw new ApiError("forbidden", "Cross-origin sign-in refused");
    const { token } = await input(signInSchema);
    const principal = await verifyTokenThrottled(req, token.trim());
    const session = await startSession(principal);
    const maxAge = Math.floor((session.expiresAt.getTime() - Date.now()) / 1000);
    return Response.json({ ok: true }, { headers: { "set-cookie": cookie(req, session.secret, maxAge) } });
  },
  { auth: false },
);

// DELETE /api/console/session – sign out
export const DELETE = withHandler(
  async ({ req }) => {
    if (!isSameOrigin(req)) throw new ApiError("forbidden", "Cross-origin sign-out refused");
    const secret = readCookie(req, SESSION_COOKIE);
    if (secret) await endSession(secret);
    return Response.json({ ok: true }, { headers: { "set-cookie": cookie(req, "", 0) } });
  },
  { auth: false },
);
