import { randomBytes } from "node:crypto";
import pg from "pg";

/**
 * The PostgreSQL server the data-layer tests run against (127.0.0.1:5432 on dev and CI
 * machines). Each test run gets its own throw-away database.
 */

export const PG_ADMIN_URL = process.env.PG_TEST_URL ?? "postgres://postgres@127.0.0.1:5432/test";

export async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Postgres is required when CI=true: a missing server fails the run instead of skipping. */
export async function requirePostgres(): Promise<boolean> {
  if (await postgresReachable()) return true;
  if (process.env.CI === "true") {
    throw new Error(`PostgreSQL is not reachable at ${PG_ADMIN_URL}; the Postgres suites must run in CI`);
  }
  console.warn(`[tests] PostgreSQL not reachable at ${PG_ADMIN_URL}: Postgres suites skipped (set CI=true to fail instead)`);
  return false;
}

export async function createTestDatabase(prefix = "dm_test"): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: PG_ADMIN_URL });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
