import type { ParsedPatch } from "@/lib/materialize";
import { listPlaintextPatches, sealPatch } from "@/lib/store/patches";
import type { Tx } from "@/lib/store/tx";
import { encrypt } from "../crypto";
import { type StoreView, isTransform, toPatchRecord } from "./state";

/**
 * Which patches are encrypted at rest. A patch is sealed when it may carry Secret values: it names
 * kind Secret, or it names no kind and either reaches a Secret now or sets `data`/`stringData`
 * (a patch waiting for an object that does not exist yet, or aimed at a label bound later).
 * Plaintext patches that start to reach a Secret (a Secret base config is uploaded, a label is
 * bound to a Secret) are sealed in the same write.
 */

const SECRET_FIELDS = ["data", "stringData"];
const SECRET_POINTER = /^\/(data|stringData)(\/|$)/;

function setsSecretFields(patch: ParsedPatch): boolean {
  if (patch.format === "YAML") return SECRET_FIELDS.some((field) => Object.hasOwn(patch.body, field));
  return patch.ops.some((op) => SECRET_POINTER.test(op.path));
}

export function mayHoldSecret(patch: ParsedPatch, reachesSecret: boolean): boolean {
  if (patch.kind !== undefined) return patch.kind === "Secret";
  return reachesSecret || setsSecretFields(patch);
}

/** Whether a target resolves to a Secret in the store view (whatever else it reaches). */
export function targetReachesSecret(view: StoreView, target: string): boolean {
  return view.index.resolve(target).objects.some((name) => view.index.kindOf(name) === "Secret");
}

/** Seals the stored plaintext patches (live or deleted) that reach the named objects that are Secrets. */
export async function sealPatchesReachingSecrets(tx: Tx, view: StoreView, names: Iterable<string>): Promise<void> {
  const targets = [...new Set(names)].filter((name) => view.index.kindOf(name) === "Secret").flatMap((name) => view.index.targetsOf(name));
  if (targets.length === 0) return;
  for (const row of await listPlaintextPatches(tx, targets)) {
    if (isTransform(row) || !mayHoldSecret(toPatchRecord(row).patch, true)) continue;
    await sealPatch(tx, row.version, encrypt(row.body), { ...(row.metadata as object), isEncrypted: true });
  }
}
