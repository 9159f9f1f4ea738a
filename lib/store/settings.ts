import { getPrisma } from "@/lib/db";

export async function readSettings(): Promise<Map<string, string>> {
  const prisma = await getPrisma();
  const rows = await prisma.setting.findMany();
  return new Map(rows.map((row) => [row.key, row.value]));
}

/** Writes every value in one transaction: all or nothing. */
export async function writeSettings(values: Record<string, string>): Promise<void> {
  const prisma = await getPrisma();
  await prisma.$transaction(
    Object.entries(values).map(([key, value]) =>
      prisma.setting.upsert({ where: { key }, create: { key, value }, update: { value } }),
    ),
  );
}
