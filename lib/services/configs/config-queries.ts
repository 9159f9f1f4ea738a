import { notFound } from "@/lib/api/errors";
import { type MaterializedRow, latestMaterializedOf, materializedHistory } from "@/lib/store/materialized";
import { redactConfigText } from "../redact";
import { materializeAt } from "./config-at";
import { cachedRead } from "./read-cache";
import { configView } from "./views";

export async function latestConfigOrThrow(objectName: string): Promise<MaterializedRow> {
  const row = await latestMaterializedOf(objectName);
  if (!row) throw notFound(`No materialized config for object '${objectName}'`);
  return row;
}

/** `configs/OBJECT`: the newest materialized config as shown (cached while the store does not change). */
/** `GET configs/OBJECT`: the view of the newest config as JSON bytes, cached while the store does not change. */
export function latestConfigJson(objectName: string): Promise<Uint8Array> {
  return cachedRead(`config-json:${objectName}`, async () => new TextEncoder().encode(JSON.stringify(configView(await latestConfigOrThrow(objectName)))));
}

/**
 * `configs/previous/OBJECT/PATCH_VERSION`: the object's config just before and just after the
 * patch was applied to it (materialized at that version: config-at.ts). `prev_config` is "" when
 * the object came after the patch (its first config already had it).
 */
export async function configAroundPatch(objectName: string, patchVersion: bigint) {
  const after = await materializeAt(objectName, patchVersion, "through");
  if (!after.result.patches.some((o) => o.version === Number(patchVersion) && o.status === "applied")) {
    throw notFound(`Patch ${patchVersion} was never applied to '${objectName}'`);
  }
  const before = after.existed ? await materializeAt(objectName, patchVersion, "before") : undefined;
  return {
    prev_config: before ? redactConfigText(before.result.kind, before.result.config) : "",
    new_config: redactConfigText(after.result.kind, after.result.config),
  };
}

/**
 * `configs/OBJECT/at/PATCH_VERSION` (time travel): the config as it was when PATCH_VERSION was
 * the newest patch (materialized at that version: config-at.ts), with the bookkeeping fields of
 * the newest stored row whose patch version is at most PATCH_VERSION.
 */
export async function configAt(objectName: string, patchVersion: bigint) {
  const [at, history] = await Promise.all([materializeAt(objectName, patchVersion, "through"), materializedHistory(objectName)]);
  const row = history.filter((r) => (r.patchVersion ?? 0n) <= patchVersion).at(-1);
  const kind = at.result.kind;
  return {
    objectName,
    releaseVersion: at.head.releaseVersion,
    patchVersion: at.result.patchVersion ?? 0,
    previousReleaseVersion: row?.previousReleaseVersion ?? "",
    previousPatchVersion: row?.previousPatchVersion ? Number(row.previousPatchVersion) : 0,
    state: row?.state ?? "NOT_GOLDEN",
    config: redactConfigText(kind, at.result.config),
    metadata: JSON.stringify({ type: kind, isEncrypted: kind === "Secret" }),
    timestampMS: row ? Number(row.timestampMs) : at.time.getTime(),
  };
}

/** Every materialized row of an object, newest first (the console's history timeline). */
export async function configHistory(objectName: string) {
  const history = await materializedHistory(objectName);
  if (history.length === 0) throw notFound(`No materialized config for object '${objectName}'`);
  return history.map(configView).reverse();
}
