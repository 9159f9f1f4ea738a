import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";

/**
 * The raw side of a database connection: multi-statement SQL (migrations, platform DDL) and
 * transactions on one connection. Prisma covers everything else.
 */
export interface SqlExecutor {
  /** Runs one or more statements without parameters. */
  exec(sql: string): Promise<void>;
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
}

export interface Database extends SqlExecutor {
  readonly kind: "pglite" | "postgres";
  /** Where the data lives, for display: a directory or a URL without its password. */
  readonly location: string;
  adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /**
   * Holds a session-level advisory lock for as long as this process lives: true while this
   * process holds `key` (leader election between replicas). PGlite has one process: always true.
   */
  holdLock(key: number): Promise<boolean>;
  /**
   * Runs `fn` holding the session advisory lock `key` (waiting for it), on a connection of its own,
   * so replicas on one PostgreSQL take turns. PGlite has one process: runs `fn` at once.
   */
  withLock<T>(key: number, fn: () => Promise<T>): Promise<T>;
  /**
   * PGlite only (one process owns the data): calls `onNotify` for each NOTIFY on `channel`, before
   * the promise of the committing query or transaction resolves.
   */
  listen?(channel: string, onNotify: () => void): Promise<void>;
  close(): Promise<void>;
}

export function openPglite(dataDir: string | undefined): Database {
  if (dataDir) fs.mkdirSync(dataDir, { recursive: true });
  const db = new PGlite(dataDir);
  return {
    kind: "pglite",
    location: dataDir ?? "memory://",
    adapterFactory: new PrismaPGlite(db),
    exec: async (sql) => {
      await db.exec(sql);
    },
    query: async <Row>(sql: string, params?: unknown[]) => (await db.query<Row>(sql, params)).rows,
    holdLock: async () => true,
    withLock: (_key, fn) => fn(),
    transaction: (fn) =>
      db.transaction((tx) =>
        fn({
          exec: async (sql) => {
            await tx.exec(sql);
          },
          query: async <Row>(sql: string, params?: unknown[]) => (await tx.query<Row>(sql, params)).rows,
        }),
      ),
    listen: async (channel, onNotify) => {
      await db.listen(channel, onNotify);
    },
    close: () => db.close(),
  };
}

export function openPostgres(url: string): Database {
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 5_000 });
  // An idle client that loses its connection must not crash the process.
  pool.on("error", () => undefined);
  const executor = (client: pg.Pool | pg.PoolClient): SqlExecutor => ({
    exec: async (sql) => {
      await client.query(sql);
    },
    query: async <Row>(sql: string, params?: unknown[]) =>
      (await client.query(sql, params)).rows as Row[],
  });
  // One dedicated connection per lock: the lock lives exactly as long as that session.
  const holders = new Map<number, pg.PoolClient>();
  const holdLock = async (key: number): Promise<boolean> => {
    const held = holders.get(key);
    if (held) {
      try {
        await held.query("SELECT 1");
        return true;
      } catch {
        holders.delete(key);
        held.release(true);
      }
    }
    let client: pg.PoolClient | undefined;
    try {
      client = await pool.connect();
      client.on("error", () => undefined);
      const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1) AS locked", [key]);
      if (rows[0]?.locked) {
        holders.set(key, client);
        return true;
      }
      client.release();
      return false;
    } catch {
      client?.release(true);
      return false;
    }
  };
  const withLock = async <T>(key: number, fn: () => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    client.on("error", () => undefined);
    try {
      await client.query("SELECT pg_advisory_lock($1)", [key]);
    } catch (error) {
      client.release(true);
      throw error;
    }
    try {
      return await fn();
    } finally {
      // A lost connection has lost its lock too; releasing it as broken keeps it out of the pool.
      await client.query("SELECT pg_advisory_unlock($1)", [key]).then(
        () => client.release(),
        () => client.release(true),
      );
    }
  };
  return {
    kind: "postgres",
    location: redactUrl(url),
    holdLock,
    withLock,
    adapterFactory: new PrismaPg(pool),
    ...executor(pool),
    transaction: async (fn) => {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const result = await fn(executor(client));
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: async () => {
      for (const client of holders.values()) client.release(true);
      holders.clear();
      await pool.end();
    },
  };
}

export function openDatabase(opts: { databaseUrl: string | undefined; dataDir: string }): Database {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl) : openPglite(path.join(opts.dataDir, "pglite"));
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "postgres://(unparseable url)";
  }
}
