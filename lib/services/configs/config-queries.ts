import { notFound } from "@/lib/api/errors";
import { type MaterializedRow, latestMaterializedOf, materializedHistory } from "@/lib/store/materialized";
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
 * patch was applied to it (the first row that patch produced, and the row before it).
 */
export async function configAroundPatch(objectName: string, patchVersion: bigint) {
  const history = await materializedHistory(objectName);
  if (history.length === 0) throw notFound(`No materialized config for object '${objectName}'`);
  const at = history.findIndex((row) => row.patchVersion === patchVersion);
  if (at < 0) throw notFound(`Patch ${patchVersion} was never applied to '${objectName}'`);
  const prev = at > 0 ? configView(history[at - 1]!).config : "";
  return { prev_config: prev, new_config: configView(history[at]!).config };
}

/**
 * `configs/OBJECT/at/PATCH_VERSION` (time travel): the config as it was when PATCH_VERSION was
 * the newest patch applied: the newest row whose patch version is at most PATCH_VERSION.
 */
export async function configAt(objectName: string, patchVersion: bigint) {
  const history = await materializedHistory(objectName);
  if (history.length === 0) throw notFound(`No materialized config for object '${objectName}'`);
  const row = history.filter((r) => (r.patchVersion ?? 0n) <= patchVersion).at(-1);
  if (!row) throw notFound(`'${objectName}' had no materialized config at patch version ${patchVersion}`);
  return configView(row);
}

/** Every materialized row of an object, newest first (the console's history timeline). */
export async function configHistory(objectName: string) {
  const history = await materializedHistory(objectName);
  if (history.length === 0) throw notFound(`No materialized config for object '${objectName}'`);
  return history.map(configView).reverse();
}
