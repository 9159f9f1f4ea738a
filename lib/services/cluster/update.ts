import { notFound } from "@/lib/api/errors";
import { latestMaterialized } from "@/lib/store/materialized";
import { type PushResult, pushObjects } from "../configs/push";
import { audit } from "./audit";

/** `deployment/update[/:object]`: push the newest materialized config of every (or one) object. */
export async function pushCurrentConfigs(actor: string, objectName?: string): Promise<PushResult> {
  const names = (await latestMaterialized(objectName ? [objectName] : undefined)).map((r) => r.objectName);
  if (objectName && names.length === 0) throw notFound(`No materialized config for object '${objectName}'`);
  const result = await pushObjects(names);
  await audit(actor, "deployment.update", objectName ?? "all", {
    successful: result.successful.length,
    failed: Object.fromEntries(result.failed),
  });
  return result;
}
