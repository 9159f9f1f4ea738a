import { getPrisma } from "@/lib/db";

export async function createSession(idHash: string, tokenId: string, expiresAt: Date): Promise<void> {
  const prisma = await getPrisma();
  await prisma.$transaction([
    prisma.session.deleteMany({ where: { expiresAt: { lt: new Date() } } }),
    prisma.session.create({ data: { id: idHash, tokenId, expiresAt } }),
  ]);
}

export async function findSession(idHash: string) {
  const prisma = await getPrisma();
  return prisma.session.findUnique({ where: { id: idHash }, include: { token: true } });
}

export async function deleteSession(idHash: string): Promise<void> {
  const prisma = await getPrisma();
  await prisma.session.deleteMany({ where: { id: idHash } });
}
