import { getPrisma } from "@/lib/db";

export type TokenRecord = {
  id: string;
  name: string;
  ownerEmail: string | null;
  tokenHash: string;
  isBootstrap: boolean;
  revokedAt: Date | null;
};

/**
 * Tokens found by digest are remembered for TOKEN_CACHE_MS (every API request authenticates; the
 * lookup was one query per request). Unknown digests are never cached. A token revoked here is
 * forgotten at once; one revoked by another replica stops working here within TOKEN_CACHE_MS.
 */
export const TOKEN_CACHE_MS = 5_000;
const TOKEN_CACHE_MAX = 1_000;
// One cache per process (this module is bundled more than once: Next.js routes, the server's fast routes).
const globalForTokens = globalThis as typeof globalThis & { __dmTokenCache?: Map<string, { token: TokenRecord; until: number }> };
const tokenCache = (globalForTokens.__dmTokenCache ??= new Map());

export async function findTokenByHash(tokenHash: string): Promise<TokenRecord | null> {
  const cached = tokenCache.get(tokenHash);
  if (cached && cached.until > Date.now()) return cached.token;
  const prisma = await getPrisma();
  const token = await prisma.apiToken.findUnique({ where: { tokenHash } });
  if (token) {
    if (tokenCache.size >= TOKEN_CACHE_MAX) tokenCache.clear();
    tokenCache.set(tokenHash, { token, until: Date.now() + TOKEN_CACHE_MS });
  } else {
    tokenCache.delete(tokenHash);
  }
  return token;
}

export async function findBootstrapToken(): Promise<TokenRecord | null> {
  const prisma = await getPrisma();
  return prisma.apiToken.findFirst({ where: { isBootstrap: true, revokedAt: null }, orderBy: { createdAt: "desc" } });
}

/** Makes `tokenHash` the one active bootstrap token, revoking any other. */
export async function replaceBootstrapToken(tokenHash: string): Promise<void> {
  const prisma = await getPrisma();
  await prisma.$transaction([
    prisma.apiToken.updateMany({
      where: { isBootstrap: true, revokedAt: null, NOT: { tokenHash } },
      data: { revokedAt: new Date() },
    }),
    prisma.apiToken.upsert({
      where: { tokenHash },
      create: { name: "bootstrap", tokenHash, isBootstrap: true },
      update: { revokedAt: null, isBootstrap: true },
    }),
  ]);
  tokenCache.clear();
}

export async function touchToken(id: string): Promise<void> {
  const prisma = await getPrisma();
  await prisma.apiToken.update({ where: { id }, data: { lastUsedAt: new Date() } });
}
