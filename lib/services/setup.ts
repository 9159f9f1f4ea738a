import { getDb } from "@/lib/db";
import { applyMigrations, pendingMigrations } from "@/lib/db/migrate";
import { countDefaultLabels, ensureDefaultBindings } from "@/lib/store/labels";
import { readState, writeState } from "@/lib/store/system-state";
import { migrateObjectIdentities } from "./configs/identity-migration";

/**
 * `GET setup`: the Deployment Manager's own tables (migrations) and the default label bindings.
 * Idempotent: running it again applies nothing new and binds objects added since.
 */

const SETUP_KEY = "setup";

export async function runSetup(): Promise<void> {
  const { db } = await getDb();
  await applyMigrations(db);
  await migrateObjectIdentities();
  await ensureDefaultBindings();
  await writeState(SETUP_KEY, { completedAt: new Date().toISOString() });
}

export async function isSetUp(): Promise<boolean> {
  const { db } = await getDb();
  if ((await pendingMigrations(db)).length > 0) return false;
  const [marker, labels] = await Promise.all([readState(SETUP_KEY), countDefaultLabels()]);
  return marker !== null && labels > 0;
}
