/** RFC 6902 JSON patches through fast-json-patch; a failing operation leaves the object as it was. */
import jsonPatch, { type Operation } from "fast-json-patch";
import { MaterializeError } from "./errors";
import { cloneJson } from "./json-value";

/** Applies the operations to a copy of `doc`; returns the copy. Throws `json_patch_failed`. */
export function applyJsonPatch(doc: unknown, ops: readonly Operation[], patchVersion?: number): unknown {
  return applyJsonPatchToOwned(cloneJson(doc), ops, patchVersion);
}

/**
 * The in-place form for callers that own `doc` (a private deep copy they drop when this throws):
 * applies the operations to it and returns the result, `doc` itself unless an operation replaced
 * the root. Values enter as copies: the operations stay as they were, and a later in-place merge
 * into the result cannot reach back into them.
 */
export function applyJsonPatchToOwned(doc: unknown, ops: readonly Operation[], patchVersion?: number): unknown {
  let current = doc;
  let index = 0;
  try {
    // One operation at a time: fast-json-patch reports index 0 for any failing operation.
    for (; index < ops.length; index++) {
      const op = ops[index] as Operation;
      assertNotIntoItself(op);
      const owned = op.op === "add" || op.op === "replace" ? { ...op, value: cloneJson(op.value) } : op;
      current = jsonPatch.applyOperation(current, owned, true, true, true, index).newDocument;
    }
    return current;
  } catch (err) {
    const op = ops[index];
    const path = op?.path ?? "";
    const detail = err instanceof Error ? err.message.split("\n")[0] : String(err);
    const which = patchVersion === undefined ? "JSON patch" : `JSON patch ${patchVersion}`;
    throw new MaterializeError("json_patch_failed", `${which}: operation ${index} (${op?.op ?? "?"} ${path}) failed: ${detail}`, {
      patchVersion,
      opIndex: index,
      path,
    });
  }
}

/** RFC 6902 §4.4: `from` must not be a proper prefix of `path` (a value moved into itself is a cycle). */
function assertNotIntoItself(op: Operation): void {
  if (op.op === "move" && op.path !== op.from && (op.from === "" || op.path.startsWith(`${op.from}/`))) {
    throw new Error(`cannot move '${op.from}' into its own child '${op.path}'`);
  }
}
