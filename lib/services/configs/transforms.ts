import { allocatePatchVersions, insertPatches } from "@/lib/store/patches";
import { withWriteLock } from "@/lib/store/tx";
import { type PushResult, pushObjects } from "./push";
import { rematerialize } from "./rematerialize";
import { TRANSFORM_FORMATS, TRANSFORM_TARGET, loadStoreViewForPatchWrite } from "./state";

/**
 * `patches/namespace` and `patches/registry`: global transforms, recorded like patches (target
 * `*`, format NAMESPACE or REGISTRY; visible in GET patches, removable with DELETE patches/VERSION),
 * applied to every object after its patches. The newest of each kind wins.
 */
export async function recordTransform(
  type: keyof typeof TRANSFORM_FORMATS,
  value: string,
  options: { description: string; createdBy: string },
): Promise<PushResult> {
  const names = await withWriteLock(async (tx) => {
    const [version] = await allocatePatchVersions(tx, 1);
    await insertPatches(tx, [
      {
        version: version!,
        target: TRANSFORM_TARGET,
        format: TRANSFORM_FORMATS[type],
        body: value,
        description: options.description || `Set ${type} to ${value}`,
        metadata: { type: TRANSFORM_FORMATS[type], isEncrypted: false, format: TRANSFORM_FORMATS[type], createdBy: options.createdBy },
        createdBy: options.createdBy,
      },
    ]);
    const view = await loadStoreViewForPatchWrite(tx);
    const names = [...view.objects.keys()];
    await rematerialize(tx, view, names);
    return names;
  });
  return pushObjects(names);
}
