import { getPrisma } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";

export type Tx = Prisma.TransactionClient;

const WRITE_LOCK = 72_390_003;

/**
 * Runs `fn` in one transaction holding the config store's write lock: writers (several requests,
 * several replicas on one PostgreSQL) take turns, so patch versions stay ordered and every
 * materialization sees every patch committed before it.
 */
export async function withWriteLock<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  const prisma = await getPrisma();
  return prisma.$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT pg_advisory_xact_lock(${WRITE_LOCK}::bigint)::text AS locked`;
      return fn(tx);
    },
    { maxWait: 60_000, timeout: 300_000 },
  );
}

/** A read-only view for code that can run inside or outside a transaction. */
export async function reader(tx?: Tx): Promise<Tx> {
  return tx ?? ((await getPrisma()) as unknown as Tx);
}
