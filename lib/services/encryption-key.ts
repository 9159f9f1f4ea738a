import { getPrisma } from "@/lib/db";
import { initState, writeState } from "@/lib/store/system-state";
import { keyFingerprints, reseal } from "./crypto";

/**
 * The key that seals Secret configs, checked against the database: the first server on a database
 * stores its key's fingerprint; a server whose DM_ENCRYPTION_KEY (or, during a rotation,
 * DM_ENCRYPTION_KEY_PREVIOUS) does not match it is refused at start-up, before it can write rows
 * nobody else can read. `resealAll` (npm run encryption:reseal) ends a rotation.
 */

const FINGERPRINT = "encryption-key-fingerprint";

/** undefined when the configured keys fit the database; else why not, in one line naming the variable. */
export async function encryptionKeyProblem(): Promise<string | undefined> {
  const { current, previous } = keyFingerprints();
  const stored = await initState<string>(FINGERPRINT, current);
  if (stored === current || stored === previous) return undefined;
  return (
    `DM_ENCRYPTION_KEY: not the key this database's Secret configs are sealed with (its fingerprint is ${current}, the database's is ${stored}); ` +
    "use the key the other replicas use, or to rotate set DM_ENCRYPTION_KEY_PREVIOUS to the old key"
  );
}

export type ResealReport = { resealed: Record<string, number>; unreadable: string[] };

const BATCH = 500;

/**
 * Re-seals every encrypted value (base configs, patches, materialized configs, upload job inputs)
 * with DM_ENCRYPTION_KEY, then records its fingerprint: after this, DM_ENCRYPTION_KEY_PREVIOUS can
 * be removed. Safe while replicas run (they read values sealed with either key) and safe to run
 * again. Values neither key opens are listed, left as they are.
 */
export async function resealAll(): Promise<ResealReport> {
  const prisma = await getPrisma();
  const report: ResealReport = { resealed: {}, unreadable: [] };
  const sealed = { startsWith: "enc:v1:" };
  const resealRows = async <R extends { id: string; text: string }>(table: string, page: (after: string | undefined) => Promise<R[]>, update: (row: R, text: string) => Promise<unknown>) => {
    report.resealed[table] = 0;
    for (let after: string | undefined, rows = await page(after); rows.length > 0; after = rows.at(-1)!.id, rows = await page(after)) {
      for (const row of rows) {
        try {
          const text = reseal(row.text);
          if (text === undefined) continue;
          await update(row, text);
          report.resealed[table]! += 1;
        } catch {
          report.unreadable.push(`${table} ${row.id}`);
        }
      }
    }
  };
  const cursor = (after: string | undefined) => ({ orderBy: { id: "asc" as const }, take: BATCH, ...(after ? { cursor: { id: after }, skip: 1 } : {}) });
  await resealRows(
    "base_configs",
    async (after) => (await prisma.baseConfig.findMany({ where: { config: sealed }, select: { id: true, config: true }, ...cursor(after) })).map((r) => ({ id: r.id, text: r.config })),
    (row, config) => prisma.baseConfig.update({ where: { id: row.id }, data: { config } }),
  );
  await resealRows(
    "materialized_configs",
    async (after) => (await prisma.materializedConfig.findMany({ where: { config: sealed }, select: { id: true, config: true }, ...cursor(after) })).map((r) => ({ id: r.id, text: r.config })),
    (row, config) => prisma.materializedConfig.update({ where: { id: row.id }, data: { config } }),
  );
  await resealRows(
    "patches",
    async (after) =>
      (await prisma.patch.findMany({ where: { body: sealed, ...(after ? { version: { gt: BigInt(after) } } : {}) }, select: { version: true, body: true }, orderBy: { version: "asc" }, take: BATCH })).map((r) => ({ id: String(r.version), text: r.body })),
    (row, body) => prisma.patch.update({ where: { version: BigInt(row.id) }, data: { body } }),
  );
  await resealRows(
    "jobs",
    async (after) =>
      (await prisma.job.findMany({ select: { id: true, input: true }, ...cursor(after) })).map((r) => ({ id: r.id, input: r.input as Record<string, unknown>, text: String((r.input as { documents?: unknown } | null)?.documents ?? "") })),
    (row, documents) => prisma.job.update({ where: { id: row.id }, data: { input: { ...row.input, documents } } }),
  );
  await writeState(FINGERPRINT, keyFingerprints().current);
  return report;
}
