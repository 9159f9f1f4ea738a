import { getPrisma } from "@/lib/db";

export type TokenRecord = {
  id: string;
  name: string;
  ownerEmail: string | null;
  tokenHash: string;
  isBootstrap: boolean;
  revokedAt: Date | null;
};

export async function findTokenByHash(tokenHash: string): Promise<TokenRecord | null> {
  const prisma = await getPrisma();
  return prisma.apiToken.findUnique({ where: { tokenHash } });
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
}

export async function touchToken(id: string): Promise<void> {
  const prisma = await getPrisma();
  await prisma.apiToken.update({ where: { id }, data: { lastUsedAt: new Date() } });
}
