import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { getConfig } from "@/lib/config/env";
import { createSession, deleteSession, findSession } from "@/lib/store/sessions";
import { type TokenRecord, findBootstrapToken, findTokenByHash, replaceBootstrapToken } from "@/lib/store/tokens";

/**
 * API tokens and console sessions. Secrets are never stored: only their SHA-256 digests, and
 * digests are compared with timingSafeEqual on fixed-length buffers.
 */

export type Principal = { tokenId: string; name: string; ownerEmail: string | null; via: "token" | "session" };

export const SESSION_COOKIE = "dm_session";
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
export const TOKEN_FILE = "api-token";

export function digest(secret: string): Buffer {
  return createHash("sha256").update(secret, "utf8").digest();
}

function sameDigest(a: Buffer, hex: string): boolean {
  const b = Buffer.from(hex, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}

function principal(token: TokenRecord, via: Principal["via"]): Principal {
  return { tokenId: token.id, name: token.name, ownerEmail: token.ownerEmail, via };
}

export async function verifyToken(secret: string): Promise<Principal | null> {
  if (secret.length === 0 || secret.length > 512) return null;
  const hash = digest(secret);
  return staleIfUnavailable(`token:${hash.toString("hex")}`, async () => {
    const token = await findTokenByHash(hash.toString("hex"));
    if (!token || token.revokedAt || !sameDigest(hash, token.tokenHash)) return null;
    return principal(token, "token");
  });
}

export async function verifySession(secret: string): Promise<Principal | null> {
  if (secret.length === 0 || secret.length > 512) return null;
  const hash = digest(secret);
  return staleIfUnavailable(`session:${hash.toString("hex")}`, async () => {
    const session = await findSession(hash.toString("hex"));
    if (!session || session.expiresAt < new Date() || session.token.revokedAt || !sameDigest(hash, session.id)) {
      return null;
    }
    return principal(session.token, "session");
  });
}

/**
 * While the DB cannot be read, a token or session this process verified within STALE_OK_MS is
 * still accepted (so the status board can show the database failing); an answer from the DB
 * always wins, a revoked token is refused as soon as the DB answers again.
 */
const STALE_OK_MS = 15 * 60_000;
const MAX_VERIFIED = 1_000;
const verified = new Map<string, { principal: Principal; at: number }>();

async function staleIfUnavailable(key: string, lookup: () => Promise<Principal | null>): Promise<Principal | null> {
  let found: Principal | null;
  try {
    found = await lookup();
  } catch (error) {
    const known = verified.get(key);
    if (known && Date.now() - known.at < STALE_OK_MS) return known.principal;
    throw error;
  }
  verified.delete(key);
  if (found) {
    if (verified.size >= MAX_VERIFIED) verified.delete(verified.keys().next().value!);
    verified.set(key, { principal: found, at: Date.now() });
  }
  return found;
}

/** Starts a console session for a verified token; returns the session secret for the cookie. */
export async function startSession(found: Principal): Promise<{ secret: string; expiresAt: Date }> {
  const secret = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
  await createSession(digest(secret).toString("hex"), found.tokenId, expiresAt);
  return { secret, expiresAt };
}

export async function endSession(secret: string): Promise<void> {
  await deleteSession(digest(secret).toString("hex"));
}

/**
 * Ensures the bootstrap token exists. `DM_API_TOKEN` wins (and replaces an earlier bootstrap
 * token); otherwise one is generated on first start, written to DATA_DIR (mode 0600) and
 * returned so the caller can print it once.
 */
export async function ensureBootstrapToken(): Promise<{ generated: string | null; file: string | null }> {
  const config = getConfig();
  if (config.apiToken) {
    await replaceBootstrapToken(digest(config.apiToken).toString("hex"));
    return { generated: null, file: null };
  }
  if (await findBootstrapToken()) return { generated: null, file: null };
  const secret = randomBytes(32).toString("base64url");
  const file = path.join(config.dataDir, TOKEN_FILE);
  fs.mkdirSync(config.dataDir, { recursive: true });
  fs.writeFileSync(file, secret + "\n", { mode: 0o600 });
  fs.chmodSync(file, 0o600);
  await replaceBootstrapToken(digest(secret).toString("hex"));
  return { generated: secret, file };
}
