import { imagesLeftAlone } from "@/lib/materialize";
import { allocatePatchVersions, insertPatches } from "@/lib/store/patches";
import { withWriteLock } from "@/lib/store/tx";
import { type PushResult, pushObjects } from "./push";
import { rematerialize } from "./rematerialize";
import { TRANSFORM_FORMATS, TRANSFORM_TARGET, displayName, loadStoreViewForPatchWrite } from "./state";

/**
 * `patches/namespace` and `patches/registry`: global transforms, recorded like patches (target
 * `*`, format NAMESPACE or REGISTRY; visible in GET patches, removable with DELETE patches/VERSION),
 * applied to every object after its patches. The newest of each kind wins. The registry's answer
 * lists the image fields it leaves alone (`images_left_alone`: fields of custom resources it does
 * not know, see lib/materialize/image-fields.ts).
 */
export async function recordTransform(
  type: keyof typeof TRANSFORM_FORMATS,
  value: string,
  options: { description: string; createdBy: string },
): Promise<PushResult & { imagesLeftAlone: LeftAlone[] }> {
  const { names, leftAlone } = await withWriteLock(async (tx) => {
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
    const results = await rematerialize(tx, view, names);
    const leftAlone =
      type === "registry"
        ? results.flatMap((r) => imagesLeftAlone(r.object).map((f) => ({ object: displayName(view, r.key), path: f.pointer, image: f.image })))
        : [];
    return { names, leftAlone };
  });
  return { ...(await pushObjects(names)), imagesLeftAlone: leftAlone };
}

/** An image field the registry transform does not rewrite (a custom resource's field it does not know). */
type LeftAlone = { object: string; path: string; image: string };
