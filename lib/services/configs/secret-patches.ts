import type { ParsedPatch } from "@/lib/materialize";
import { listPlaintextPatches, sealPatch } from "@/lib/store/patches";
import type { Tx } from "@/lib/store/tx";
import { invalidInput } from "../errors";
import { encrypt } from "../crypto";
import { type StoreView, isTransform, toPatchRecord } from "./state";

/**
 * Which patches are encrypted at rest and redacted in views: those that may carry Secret values,
 * decided by the real kind of what they are for. A patch that names a kind holds Secret values
 * when that kind is Secret. A kind-less patch goes by the kinds of the objects its target reaches
 * now: it holds Secret values when one of them is a Secret (a kind-less `data` patch of a
 * ConfigMap is plain). Only a kind-less patch whose target reaches nothing yet (an object not
 * uploaded, a label bound later) has no kind to go by: it is sealed when it sets
 * `data`/`stringData`, and shown once its target exists, by that target's kind.
 * Plaintext patches that start to reach a Secret (a Secret base config is uploaded, a label is
 * bound to a Secret) are sealed in the same write.
 */

const SECRET_FIELDS = ["data", "stringData"];
const SECRET_POINTER = /^\/(data|stringData)(\/|$)/;

function setsSecretFields(patch: ParsedPatch): boolean {
  if (patch.format === "YAML") return SECRET_FIELDS.some((field) => Object.hasOwn(patch.body, field));
  return patch.ops.some((op) => SECRET_POINTER.test(op.path));
}

/** `targetKinds`: the kinds of the objects the patch's target reaches now (targetKinds below). */
export function mayHoldSecret(patch: ParsedPatch, targetKinds: readonly (string | undefined)[]): boolean {
  if (patch.kind !== undefined) return patch.kind === "Secret";
  if (targetKinds.length > 0) return targetKinds.includes("Secret");
  return setsSecretFields(patch);
}

/** Whether a pointer reads Secret data: the whole object, `/data`, `/stringData` or below. */
const readsSecretData = (pointer: string) => pointer === "" || SECRET_POINTER.test(pointer);

/**
 * JSON-patch ops that would read a Secret's values into a view are refused: `copy`/`move` from its
 * data (or the whole object) to anything but its own data, and `test` on it (its 400 or 200 is an
 * equality oracle). A JSON patch applies to one object at a time, so the target of a copy is the
 * same object's. A kind-less patch whose target reaches nothing yet may become a Secret's: the same.
 */
export function assertReadsNoSecretData(patch: ParsedPatch, targetKinds: readonly (string | undefined)[], source: string): void {
  if (patch.format !== "JSON") return;
  const secret = patch.kind !== undefined ? patch.kind === "Secret" : targetKinds.length === 0 || targetKinds.includes("Secret");
  if (!secret) return;
  for (const op of patch.ops) {
    if (op.op === "test" && readsSecretData(op.path)) {
      throw invalidInput(`${source}: a 'test' op on '${op.path}' of a Secret is refused: it would tell a Secret value`);
    }
    if ((op.op === "copy" || op.op === "move") && readsSecretData(op.from) && !(op.path !== "" && SECRET_POINTER.test(op.path))) {
      throw invalidInput(`${source}: a '${op.op}' op from '${op.from}' of a Secret to '${op.path}' is refused: Secret data may only be copied or moved within data/stringData`);
    }
  }
}

/** The kinds of the objects a target resolves to in the store view. */
export function targetKinds(view: StoreView, target: string): (string | undefined)[] {
  return view.index.resolve(target).objects.map((name) => view.index.kindOf(name));
}

/** Seals the stored plaintext patches (live or deleted) that reach the named objects that are Secrets. */
export async function sealPatchesReachingSecrets(tx: Tx, view: StoreView, names: Iterable<string>): Promise<void> {
  const targets = [...new Set(names)].filter((name) => view.index.kindOf(name) === "Secret").flatMap((name) => view.index.targetsOf(name));
  if (targets.length === 0) return;
  for (const row of await listPlaintextPatches(tx, targets)) {
    if (isTransform(row) || !mayHoldSecret(toPatchRecord(row).patch, ["Secret"])) continue;
    await sealPatch(tx, row.version, encrypt(row.body), { ...(row.metadata as object), isEncrypted: true });
  }
}
