import { notFound } from "@/lib/services/errors";
import { latestMaterialized } from "@/lib/store/materialized";
import { type PushResult, pushObjects } from "../configs/push";
import { loadStoreView, resolveObjectOrThrow } from "../configs/state";
import { audit } from "./audit";

/** `deployment/update[/:object]`: push the newest materialized config of every (or one) object (`ref`: a reference to it). */
export async function pushCurrentConfigs(actor: string, ref?: string): Promise<PushResult> {
  const key = ref === undefined ? undefined : resolveObjectOrThrow(await loadStoreView(), ref);
  const keys = (await latestMaterialized(key ? [key] : undefined)).map((r) => r.objectKey);
  if (ref && keys.length === 0) throw notFound(`No materialized config for object '${ref}'`);
  const result = await pushObjects(keys);
  await audit(actor, "deployment.update", key ?? "all", {
    successful: result.successful.length,
    failed: Object.fromEntries(result.failed),
  });
  return result;
}
