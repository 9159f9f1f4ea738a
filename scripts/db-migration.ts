// npm run db:migration -- NAME
// Writes prisma/migrations/<timestamp>_<NAME>/migration.sql with the SQL that takes the committed
// migrations to prisma/schema.prisma, computed in-process by @prisma/schema-engine-wasm.
import fs from "node:fs";
import path from "node:path";
import { diffMigrationsToSchema } from "../lib/db/schema-engine";
import { MIGRATIONS_DIR } from "../lib/db/migrate";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:migration -- NAME   (NAME: lower-case letters, digits, underscores)");
  process.exit(2);
}

const sql = await diffMigrationsToSchema();
if (!sql) {
  console.log("prisma/schema.prisma already matches the migrations: nothing to write.");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = path.join(MIGRATIONS_DIR, `${stamp}_${name}`);
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(path.join(dir, "migration.sql"), sql);
const lock = path.join(MIGRATIONS_DIR, "migration_lock.toml");
if (!fs.existsSync(lock)) fs.writeFileSync(lock, 'provider = "postgresql"\n');
console.log(`wrote ${path.relative(process.cwd(), dir)}/migration.sql`);
