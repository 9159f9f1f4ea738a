import { getConfig } from "@/lib/config/env";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { type Database, openDatabase } from "./driver";
import { applyMigrations } from "./migrate";

export type { Database, SqlExecutor } from "./driver";
export type DbRuntime = { db: Database; prisma: PrismaClient };

/**
 * One database handle and one Prisma client per process. Next.js may evaluate this module in
 * several bundles (instrumentation, each route), so the instance lives on globalThis: two PGlite
 * instances on one data directory would corrupt it.
 */
const globalForDb = globalThis as typeof globalThis & { __dmDb?: Promise<DbRuntime> };

export function getDb(): Promise<DbRuntime> {
  globalForDb.__dmDb ??= open().catch((error: unknown) => {
    globalForDb.__dmDb = undefined;
    throw error;
  });
  return globalForDb.__dmDb;
}

async function open(): Promise<DbRuntime> {
  const config = getConfig();
  const db = openDatabase(config);
  try {
    await applyMigrations(db);
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
  const prisma = new PrismaClient({ adapter: db.adapterFactory });
  return { db, prisma };
}

export async function getPrisma(): Promise<PrismaClient> {
  return (await getDb()).prisma;
}
