import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import { type Database, openPglite } from "./driver";
import { applyMigrations, readMigrations } from "./migrate";

/**
 * Prisma's schema engine, run in-process from @prisma/schema-engine-wasm (no native binary,
 * no download). Used by `npm run db:migration` and by the schema/migrations consistency test.
 */

export const SCHEMA_PATH = path.join(process.cwd(), "prisma", "schema.prisma");

type WasmBindings = typeof import("@prisma/schema-engine-wasm/schema_engine_bg");
type SchemaEngine = Awaited<ReturnType<WasmBindings["SchemaEngine"]["new"]>>;

let bindings: Promise<WasmBindings> | undefined;

function loadBindings(): Promise<WasmBindings> {
  bindings ??= (async () => {
    const bg: WasmBindings = await import("@prisma/schema-engine-wasm/schema_engine_bg");
    const require = createRequire(import.meta.url);
    const wasmPath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg").replace(/\.js$/, ".wasm");
    const { instance } = await WebAssembly.instantiate(fs.readFileSync(wasmPath), {
      "./schema_engine_bg.js": bg as unknown as WebAssembly.ModuleImports,
    });
    const exports = instance.exports as unknown as Parameters<WasmBindings["__wbg_set_wasm"]>[0] & {
      __wbindgen_start?: () => void;
    };
    bg.__wbg_set_wasm(exports);
    exports.__wbindgen_start?.();
    return bg;
  })();
  return bindings;
}

async function withEngine<T>(db: Database, schema: string, fn: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  const bg = await loadBindings();
  const engine = await bg.SchemaEngine.new(
    { datamodels: [["schema.prisma", schema]] },
    () => undefined,
    bindMigrationAwareSqlAdapterFactory(db.adapterFactory),
  );
  try {
    return await fn(engine);
  } finally {
    engine.free();
  }
}

const noFilters = { externalTables: [], externalEnums: [] };

/**
 * The SQL that takes a database holding exactly the committed migrations to `schema`.
 * Empty when the migrations already produce the schema.
 */
export async function diffMigrationsToSchema(schema = fs.readFileSync(SCHEMA_PATH, "utf8")): Promise<string> {
  const db = openPglite(undefined);
  try {
    await applyMigrations(db, readMigrations());
    return await diffDatabaseToSchema(db, schema);
  } finally {
    await db.close();
  }
}

/** The SQL that takes the live database `db` to `schema` (empty when they agree). */
export async function diffDatabaseToSchema(db: Database, schema = fs.readFileSync(SCHEMA_PATH, "utf8")): Promise<string> {
  return withEngine(db, schema, async (engine) => {
    const files = [{ path: "schema.prisma", content: schema }];
    const result = await engine.diff({
      from: { tag: "schemaDatasource", files, configDir: process.cwd() },
      to: { tag: "schemaDatamodel", files },
      script: true,
      exitCode: null,
      filters: noFilters,
    });
    return normalizeScript(result.stdout ?? "");
  });
}

/** The engine prints a comment for an empty migration; treat comment-only output as empty. */
function normalizeScript(script: string): string {
  const meaningful = script
    .split("\n")
    .filter((line) => line.trim() !== "" && !line.trim().startsWith("--"));
  return meaningful.length === 0 ? "" : script.trim() + "\n";
}
