import { getPrisma } from "@/lib/db";

export async function listReleaseVersions(): Promise<string[]> {
  const prisma = await getPrisma();
  const rows = await prisma.baseConfig.findMany({ distinct: ["releaseVersion"], select: { releaseVersion: true } });
  return rows.map((row) => row.releaseVersion);
}
