import fs from "node:fs";
import { afterEach, describe, expect, inject, it } from "vitest";
import { type Database, openPglite, openPostgres } from "@/lib/db/driver";
import { type Migration, applyMigrations, pendingMigrations, readMigrations } from "@/lib/db/migrate";
import { SCHEMA_PATH, diffDatabaseToSchema, diffMigrationsToSchema } from "@/lib/db/schema-engine";
import { createTestDatabase } from "../support/postgres";

// The data layer on both engines: the committed migrations produce exactly schema.prisma, and the
// runner applies them once, atomically, under a lock.

type Fresh = { db: Database; open(): Database; cleanup(): Promise<void> };

const engines: Record<string, () => Promise<Fresh>> = {
  pglite: async () => {
    const db = openPglite(undefined);
    return { db, open: () => db, cleanup: () => db.close() };
  },
  postgres: async () => {
    const created = await createTestDatabase("dm_migrate");
    const opened: Database[] = [];
    const open = () => {
      const db = openPostgres(created.url);
      opened.push(db);
      return db;
    };
    const db = open();
    return {
      db,
      open,
      cleanup: async () => {
        await Promise.all(opened.map((d) => d.close()));
        await created.drop();
      },
    };
  },
};

/** Tables, columns, indexes and constraints of the public schema, as Postgres prints them. */
async function catalog(db: Database) {
  const columns = await db.query(`
    SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
           a.attnotnull AS not_null, pg_get_expr(d.adbin, d.adrelid) AS default
    FROM pg_attribute a
    JOIN pg_class c ON c.oid = a.attrelid AND c.relkind = 'r'
    JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE a.attnum > 0 AND NOT a.attisdropped
    ORDER BY 1, 2`);
  const indexes = await db.query(`SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1`);
  const constraints = await db.query(`
    SELECT conrelid::regclass::text AS table, conname, pg_get_constraintdef(oid) AS definition
    FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND contype <> 'n' ORDER BY 1, 2`);
  return { columns, indexes, constraints };
}

const names = inject("postgres") ? ["pglite", "postgres"] : ["pglite"];

describe.each(names)("migrations on %s", (name) => {
  let fresh: Fresh | undefined;
  afterEach(async () => {
    await fresh?.cleanup();
    fresh = undefined;
  });

  it("applying the migrations to an empty database yields the schema of schema.prisma", async () => {
    fresh = await engines[name]!();
    const applied = await applyMigrations(fresh.db);
    expect(applied).toEqual(readMigrations().map((m) => m.name));
    // PGlite: the schema engine diffs the live database against schema.prisma. On PostgreSQL the
    // engine cannot read through @prisma/adapter-pg (it rejects the catalog's "char" columns), so
    // the catalog must equal the one PGlite gets from the same migrations, which diffs empty.
    const reference = openPglite(undefined);
    try {
      await applyMigrations(reference);
      expect(await diffDatabaseToSchema(reference)).toBe("");
      expect(await catalog(fresh.db)).toEqual(await catalog(reference));
    } finally {
      await reference.close();
    }
  });

  it("the check is not vacuous: a schema with one more model differs, and so does a catalog with one more column", async () => {
    fresh = await engines[name]!();
    await applyMigrations(fresh.db);
    const reference = openPglite(undefined);
    try {
      await applyMigrations(reference);
      const extended = fs.readFileSync(SCHEMA_PATH, "utf8") + "\nmodel Extra {\n  id Int @id\n}\n";
      expect(await diffDatabaseToSchema(reference, extended)).toMatch(/CREATE TABLE "Extra"/);
      await fresh.db.exec(`ALTER TABLE "settings" ADD COLUMN "extra" TEXT`);
      expect(await catalog(fresh.db)).not.toEqual(await catalog(reference));
    } finally {
      await reference.close();
    }
  });

  it("is idempotent and records the migrations in _prisma_migrations", async () => {
    fresh = await engines[name]!();
    await applyMigrations(fresh.db);
    expect(await applyMigrations(fresh.db)).toEqual([]);
    expect(await pendingMigrations(fresh.db)).toEqual([]);
    const rows = await fresh.db.query<{ migration_name: string }>(`SELECT migration_name FROM "_prisma_migrations"`);
    expect(rows.map((r) => r.migration_name)).toEqual(readMigrations().map((m) => m.name));
  });

  it("a failing migration leaves the database as it was", async () => {
    fresh = await engines[name]!();
    const good: Migration = { name: "0001_good", sql: "CREATE TABLE good_one (id int);", checksum: "a".repeat(64) };
    const bad: Migration = { name: "0002_bad", sql: "CREATE TABLE bad_one (id int); SELECT * FROM missing_table;", checksum: "b".repeat(64) };
    await expect(applyMigrations(fresh.db, [good, bad])).rejects.toThrow(/missing_table/);
    const [row] = await fresh.db.query<{ good: boolean; bad: boolean }>(
      `SELECT to_regclass('good_one') IS NOT NULL AS good, to_regclass('bad_one') IS NOT NULL AS bad`,
    );
    expect(row).toEqual({ good: false, bad: false });
  });

  it("refuses a migration changed after it was applied", async () => {
    fresh = await engines[name]!();
    const first: Migration = { name: "0001_x", sql: "CREATE TABLE x (id int);", checksum: "c".repeat(64) };
    await applyMigrations(fresh.db, [first]);
    await expect(applyMigrations(fresh.db, [{ ...first, checksum: "d".repeat(64) }])).rejects.toThrow(/was changed after it was applied/);
  });

  it("several replicas starting at once apply each migration exactly once", async () => {
    fresh = await engines[name]!();
    const replicas = [fresh.db, fresh.open(), fresh.open()];
    const results = await Promise.all(replicas.map((db) => applyMigrations(db)));
    expect(results.flat()).toEqual(readMigrations().map((m) => m.name));
  });
});

describe("npm run db:migration", () => {
  it("has nothing to write: the committed migrations match schema.prisma", async () => {
    expect(await diffMigrationsToSchema()).toBe("");
  });
});
