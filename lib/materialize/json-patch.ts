/**
 * RFC 6902 JSON patches through fast-json-patch; a failing operation leaves the object as it was.
 *
 * Integers beyond 2^53 are bigints (exact, as the YAML readers keep them). fast-json-patch copies a `copy`'s value,
 * checks a `move`'s or `copy`'s source and prints the document into its errors with
 * JSON.stringify, which throws on a bigint: a `copy` is handed to it as the `add` of a copy made
 * here, and an operation that meets a bigint in JSON.stringify (which it does before changing
 * anything) is run again with bigints printing as the nearest number, for that call only.
 */
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
      current = applyOperation(current, owned(current, op), index);
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

/** The operation with a private copy of the value it brings in (`copy`: an `add` of a copy of its source, when that exists). */
function owned(doc: unknown, op: Operation): Operation {
  if (op.op === "add" || op.op === "replace") return { ...op, value: cloneJson(op.value) };
  if (op.op !== "copy") return op;
  let value: unknown;
  try {
    value = jsonPatch.getValueByPointer(doc, op.from);
  } catch {
    return op;
  }
  return value === undefined ? op : { op: "add", path: op.path, value: cloneJson(value) };
}

function applyOperation(doc: unknown, op: Operation, index: number): unknown {
  try {
    return jsonPatch.applyOperation(doc, op, true, true, true, index).newDocument;
  } catch (err) {
    if (!(err instanceof TypeError && err.message.includes("BigInt"))) throw err;
    return withBigIntsAsNumbers(() => jsonPatch.applyOperation(doc, op, true, true, true, index).newDocument);
  }
}

/** Runs `run` with `JSON.stringify` printing a bigint as the nearest number (it throws otherwise). */
function withBigIntsAsNumbers<T>(run: () => T): T {
  Object.defineProperty(BigInt.prototype, "toJSON", {
    configurable: true,
    writable: true,
    value(this: bigint) {
      return Number(this);
    },
  });
  try {
    return run();
  } finally {
    delete (BigInt.prototype as { toJSON?: unknown }).toJSON;
  }
}

/** RFC 6902 §4.4: `from` must not be a proper prefix of `path` (a value moved into itself is a cycle). */
function assertNotIntoItself(op: Operation): void {
  if (op.op === "move" && op.path !== op.from && (op.from === "" || op.path.startsWith(`${op.from}/`))) {
    throw new Error(`cannot move '${op.from}' into its own child '${op.path}'`);
  }
}
