import type { DatabaseSetupInput } from "@/lib/api/schemas/database";
import { invalidInput } from "@/lib/services/errors";
import { getDb } from "@/lib/db";
import { PLATFORM_SCHEMA, platformDdl } from "./platform-ddl";

/**
 * `database/setup` and `database/mock_ddl`: the platform's tables. Setup runs every statement in
 * one transaction under an advisory lock, so a failure or a concurrent second call leaves the
 * database as it was.
 */

const LOCK_KEY = 72_390_002;

export function mockDdl(input: DatabaseSetupInput): string[] {
  return platformDdl(input);
}

export async function setupPlatformDatabase(input: DatabaseSetupInput): Promise<void> {
  const { db } = await getDb();
  const statements = platformDdl(input);
  await db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock($1)`, [LOCK_KEY]);
    const [row] = await tx.query<{ present: boolean }>(
      `SELECT to_regclass('${PLATFORM_SCHEMA}.users') IS NOT NULL AS present`,
    );
    if (row?.present) throw invalidInput("Tables have already been set up");
    for (const statement of statements) await tx.exec(statement);
  });
}
