import { notFound } from "@/lib/services/errors";
import { type MaterializedRow, latestMaterialized, latestMaterializedOf, materializedHistory } from "@/lib/store/materialized";
import { redactConfigText } from "../redact";
import { materializeAt } from "./config-at";
import { cachedRead } from "./read-cache";
import { type StoreView, displayName, loadStoreView, resolveObjectOrThrow } from "./state";
import { configView, identityFields } from "./views";

/** The key of the object a reference finds among those with materialized configs (404 none, 409 several). */
async function objectWithConfig(ref: string): Promise<{ view: StoreView; key: string }> {
  const view = await loadStoreView();
  return { view, key: resolveObjectOrThrow(view, ref, `No materialized config for object '${ref}'`) };
}

export async function latestConfigOrThrow(ref: string): Promise<{ row: MaterializedRow; view: StoreView }> {
  const { view, key } = await objectWithConfig(ref);
  const row = await latestMaterializedOf(key);
  if (!row) throw notFound(`No materialized config for object '${ref}'`);
  return { row, view };
}

/** `GET configs/OBJECT`: the view of the newest config as JSON bytes, cached while the store does not change. */
export function latestConfigJson(ref: string): Promise<Uint8Array> {
  return cachedRead(`config-json:${ref}`, async () => {
    const { row, view } = await latestConfigOrThrow(ref);
    return new TextEncoder().encode(JSON.stringify(configView(row, displayName(view, row.objectKey))));
  });
}

/**
 * `configs/previous/OBJECT/PATCH_VERSION`: the object's config just before and just after the
 * patch was applied to it (materialized at that version: config-at.ts). `prev_config` is "" when
 * the object came after the patch (its first config already had it).
 */
export async function configAroundPatch(ref: string, patchVersion: bigint) {
  const { key } = await objectWithConfig(ref);
  const after = await materializeAt(key, patchVersion, "through");
  if (!after.result.patches.some((o) => o.version === Number(patchVersion) && o.status === "applied")) {
    throw notFound(`Patch ${patchVersion} was never applied to '${ref}'`);
  }
  const before = after.existed ? await materializeAt(key, patchVersion, "before") : undefined;
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
export async function configAt(ref: string, patchVersion: bigint) {
  const { view, key } = await objectWithConfig(ref);
  const [at, history] = await Promise.all([materializeAt(key, patchVersion, "through"), materializedHistory(key)]);
  const row = history.filter((r) => (r.patchVersion ?? 0n) <= patchVersion).at(-1);
  const kind = at.result.kind;
  return {
    objectName: displayName(view, key),
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
export async function configHistory(ref: string) {
  const { view, key } = await objectWithConfig(ref);
  const history = await materializedHistory(key);
  if (history.length === 0) throw notFound(`No materialized config for object '${ref}'`);
  const name = displayName(view, key);
  return history.map((row) => configView(row, name)).reverse();
}

/** `GET configs`: the newest config of every object. */
export async function latestConfigs() {
  const [rows, view] = await Promise.all([latestMaterialized(), loadStoreView()]);
  return rows.map((row) => {
    const { objectName, ...rest } = configView(row, displayName(view, row.objectKey));
    return { objectName, ...identityFields(view, row.objectKey), ...rest };
  });
}
