import { getPrisma } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";

export async function readState<T extends Prisma.JsonValue>(key: string): Promise<T | null> {
  const prisma = await getPrisma();
  const row = await prisma.systemState.findUnique({ where: { key } });
  return (row?.value as T | undefined) ?? null;
}

export async function writeState(key: string, value: Prisma.InputJsonValue): Promise<void> {
  const prisma = await getPrisma();
  await prisma.systemState.upsert({ where: { key }, create: { key, value }, update: { value } });
}

/** Writes the value only when the key has none yet (concurrent first writers: one wins); answers the stored value. */
export async function initState<T extends Prisma.JsonValue>(key: string, value: T & Prisma.InputJsonValue): Promise<T> {
  const prisma = await getPrisma();
  await prisma.systemState.createMany({ data: [{ key, value }], skipDuplicates: true });
  return (await readState<T>(key)) ?? value;
}
