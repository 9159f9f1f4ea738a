import { invalidInput } from "@/lib/services/errors";
import {
  type BaseObject,
  type ManifestObject,
  MaterializeError,
  assertNoDuplicates,
  identify,
  parseManifestObjects,
  parseStoredObject,
  setImage,
  toYaml,
} from "@/lib/materialize";
import { getBaseConfigsByIds, insertBaseConfigs, listBaseConfigHeads } from "@/lib/store/base-configs";
import { ensureDefaultBindings } from "@/lib/store/labels";
import { type Tx, withWriteLock } from "@/lib/store/tx";
import { type ArchiveFile, archiveKind, readArchive } from "../archive";
import { decrypt, sealFor } from "../crypto";
import { compareReleaseVersions } from "../release-version";
import { type SkippedPatch, type WriteResult, pushReporting, rematerialize, skippedPatches } from "./rematerialize";
import { pinWaitingTargets } from "./pin-targets";
import { sealPatchesReachingSecrets } from "./secret-patches";
import { type StoreView, loadStoreView, resolveObjectOrThrow } from "./state";

/**
 * Base configs: a release upload is an upgrade (each object gets its new base, is re-materialized
 * with its patches and pushed); an image change writes a new revision of the current base. Old
 * rows are never changed: history is append-only.
 */

export const RELEASE_VERSION = /^\d+([.\-_][0-9A-Za-z]+)*$/;

export type UploadSource = { text?: string; file?: { filename: string; data: Buffer } };

/** Reads and validates an upload (text or archive) without storing anything. */
export async function readUpload(source: UploadSource): Promise<BaseObject[]> {
  const files: ArchiveFile[] = [];
  if (source.file) {
    const kind = archiveKind(source.file.filename);
    if (kind) files.push(...(await readArchive(kind, source.file.data, [".yaml", ".yml", ".json"])));
    else if (/\.(ya?ml|json)$/i.test(source.file.filename)) files.push({ name: source.file.filename, text: source.file.data.toString("utf8") });
    else throw invalidInput(`'${source.file.filename}' is not a .zip, .tar.gz, .yaml or .json file`);
    if (files.length === 0) throw invalidInput(`'${source.file.filename}' holds no .yaml, .yml or .json files`);
  }
  if (source.text !== undefined) files.push({ name: "base_config", text: source.text });
  if (files.length === 0) throw invalidInput("No base configs given: send 'base_config' (text) or 'file' (archive)");
  const manifests: ManifestObject[] = [];
  for (const file of files) {
    try {
      manifests.push(...parseManifestObjects(file.text, undefined, file.name));
    } catch (error) {
      if (error instanceof MaterializeError) throw invalidInput(error.message);
      throw error;
    }
  }
  if (manifests.length === 0) throw invalidInput("The upload holds no Kubernetes objects");
  return identifyRelease(manifests, await loadStoreView());
}

/**
 * The identities of a release's objects: the scopes of their kinds come from the store's CRDs
 * and the release's own. Only true duplicates (same group, kind, namespace and name) are refused.
 */
export function identifyRelease(manifests: readonly ManifestObject[], view: StoreView): BaseObject[] {
  const objects = identify(manifests, view.crdObjects);
  try {
    assertNoDuplicates(objects);
  } catch (error) {
    throw invalidInput(`Duplicate objects in one release: ${(error as Error).message}`);
  }
  return objects;
}

/**
 * Stores a release's base configs and re-materializes the objects whose current base changed
 * (objects whose newest base is in a newer release keep it). Returns the names to push and the
 * stored patches that no longer apply to them (the release is stored all the same).
 */
export async function storeRelease(
  tx: Tx,
  releaseVersion: string,
  objects: readonly BaseObject[],
  uploadedBy: string | null,
): Promise<{ keys: string[]; skipped: SkippedPatch[] }> {
  const keys = objects.map((o) => o.key);
  const heads = await listBaseConfigHeads(tx, keys);
  const before = await loadStoreView(tx);
  await insertBaseConfigs(
    tx,
    objects.map((o) => {
      const revisions = heads.filter((h) => h.objectKey === o.key && h.releaseVersion === releaseVersion).map((h) => h.revision);
      const sealed = sealFor(o.kind, toYaml(o.object));
      const apiVersion = typeof o.object.apiVersion === "string" ? o.object.apiVersion : "";
      return {
        objectKey: o.key,
        apiGroup: o.id.group,
        namespace: o.id.namespace,
        name: o.id.name,
        releaseVersion,
        revision: revisions.length ? Math.max(...revisions) + 1 : 0,
        kind: o.kind,
        apiVersion,
        config: sealed.text,
        metadata: { type: o.kind, isEncrypted: sealed.isEncrypted },
        uploadedBy,
      };
    }),
  );
  await ensureDefaultBindings(tx);
  const changed = keys.filter((key) => {
    const current = before.objects.get(key);
    return !current || compareReleaseVersions(releaseVersion, current.releaseVersion) >= 0;
  });
  const view = await loadStoreView(tx);
  await pinWaitingTargets(tx, view, keys);
  await sealPatchesReachingSecrets(tx, view, keys);
  return { keys: changed, skipped: skippedPatches(await rematerialize(tx, view, changed)) };
}

export async function uploadRelease(releaseVersion: string, objects: readonly BaseObject[], uploadedBy: string | null): Promise<WriteResult> {
  return pushReporting(await withWriteLock((tx) => storeRelease(tx, releaseVersion, objects, uploadedBy)));
}

/** The current base of the object a reference finds, parsed (404 when none, 409 when several). */
export async function currentBase(ref: string, tx?: Tx) {
  const view = await loadStoreView(tx);
  const head = view.objects.get(resolveObjectOrThrow(view, ref))!;
  const [row] = await getBaseConfigsByIds([head.id], tx);
  return { head, row: row!, object: parseStoredObject(decrypt(row!.config)) };
}

/** `base_configs/image`: a new revision of the object's current base with one container's image changed. */
export async function updateImage(input: { object: string; image: string; comment: string; container?: string }, uploadedBy: string | null): Promise<WriteResult> {
  const write = await withWriteLock(async (tx) => {
    const { head, row, object } = await currentBase(input.object, tx);
    try {
      setImage(object, input.image, input.container);
    } catch (error) {
      if (error instanceof MaterializeError) throw invalidInput(error.message);
      throw error;
    }
    const heads = await listBaseConfigHeads(tx, [head.objectKey]);
    const revision = Math.max(...heads.filter((h) => h.releaseVersion === head.releaseVersion).map((h) => h.revision)) + 1;
    const sealed = sealFor(head.kind, toYaml(object));
    await insertBaseConfigs(tx, [
      {
        objectKey: head.objectKey,
        apiGroup: head.apiGroup,
        namespace: head.namespace,
        name: head.name,
        releaseVersion: head.releaseVersion,
        revision,
        kind: head.kind,
        apiVersion: row.apiVersion,
        config: sealed.text,
        metadata: { type: head.kind, isEncrypted: sealed.isEncrypted, image: input.image, container: input.container ?? null },
        comment: input.comment,
        uploadedBy,
      },
    ]);
    return { keys: [head.objectKey], skipped: skippedPatches(await rematerialize(tx, await loadStoreView(tx), [head.objectKey])) };
  });
  return pushReporting(write);
}

