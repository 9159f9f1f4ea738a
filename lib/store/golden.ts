import { getPrisma } from "@/lib/db";

/** The materialized configs now in the cluster (IS_GOLDEN: at most one per object). */
export async function goldenConfigRows(): Promise<{ objectName: string; config: string; metadata: unknown }[]> {
  const prisma = await getPrisma();
  return prisma.materializedConfig.findMany({
    where: { state: "IS_GOLDEN" },
    select: { objectName: true, config: true, metadata: true },
    orderBy: { objectName: "asc" },
  });
}
