// npm run encryption:reseal
// Ends a key rotation: re-seals every encrypted value (Secret base configs, patches, materialized
// configs, upload job inputs) with DM_ENCRYPTION_KEY, reading values sealed with it or with
// DM_ENCRYPTION_KEY_PREVIOUS, and records the new key's fingerprint. Run it with the servers'
// DATABASE_URL (replicas may keep running) or, on PGlite, their DATA_DIR (the server stopped).
import { ConfigError, getConfig } from "@/lib/config/env";
import { lockDataDir } from "@/lib/config/data-dir-lock";
import { getDb } from "@/lib/db";
import { resealAll } from "@/lib/services/encryption-key";

try {
  const config = getConfig();
  if (!config.databaseUrl) lockDataDir(config.dataDir);
  const { db } = await getDb();
  const report = await resealAll();
  await db.close();
  const counts = Object.entries(report.resealed).map(([table, n]) => `${table} ${n}`).join(", ");
  console.log(`[deployment-manager] re-sealed with DM_ENCRYPTION_KEY: ${counts}`);
  if (report.unreadable.length > 0) {
    console.error(`[deployment-manager] ${report.unreadable.length} value(s) neither key opens, left as they are: ${report.unreadable.join(", ")}`);
    process.exit(1);
  }
  console.log("[deployment-manager] DM_ENCRYPTION_KEY_PREVIOUS can now be removed");
} catch (error) {
  console.error(`[deployment-manager] ${error instanceof ConfigError ? error.message : `re-sealing failed: ${(error as Error).message}`}`);
  process.exit(1);
}
