// The non-apply PATCH types: JSON patch (RFC 6902), JSON merge patch (RFC 7386) and strategic merge.
import fastJsonPatch, { type Operation } from "fast-json-patch";
import { isMaterializeError, strategicMergePatch } from "@/lib/materialize";
import { ApiError, badRequest } from "./errors";
import { clone, isObj, type Obj } from "./json";

export const PATCH_TYPES = {
  json: "application/json-patch+json",
  merge: "application/merge-patch+json",
  strategic: "application/strategic-merge-patch+json",
  apply: "application/apply-patch+yaml",
} as const;

export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObj(patch)) return clone(patch);
  const out: Obj = isObj(target) ? clone(target) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

function jsonPatch(target: Obj, ops: unknown): Obj {
  if (!Array.isArray(ops)) throw badRequest("json patch must be an array of operations");
  try {
    return fastJsonPatch.applyPatch(clone(target), ops as Operation[], true, true).newDocument;
  } catch (e) {
    throw new ApiError("Invalid", `the server rejected our request due to an error in our request: ${(e as Error).message.split("\n")[0] ?? ""}`);
  }
}

/** Applies a non-apply patch of the given content type to `target`. */
export function applyPatch(contentType: string, target: Obj, patch: unknown): Obj {
  switch (contentType) {
    case PATCH_TYPES.json:
      return jsonPatch(target, patch);
    case PATCH_TYPES.merge:
      if (!isObj(patch)) throw badRequest("merge patch must be a JSON object");
      return mergePatch(target, patch) as Obj;
    case PATCH_TYPES.strategic: {
      if (!isObj(patch)) throw badRequest("strategic merge patch must be a JSON object");
      const kind = typeof target.kind === "string" ? target.kind : undefined;
      const apiVersion = typeof target.apiVersion === "string" ? target.apiVersion : undefined;
      let merged: unknown;
      try {
        merged = strategicMergePatch(target, patch, { ...(kind ? { kind } : {}), ...(apiVersion ? { apiVersion } : {}) });
      } catch (e) {
        if (isMaterializeError(e)) throw badRequest(e.message);
        throw e;
      }
      if (!isObj(merged)) throw badRequest("strategic merge patch did not produce an object");
      return merged;
    }
    default:
      throw new ApiError("UnsupportedMediaType", `the body of the request was in an unknown format - accepted media types include: ${Object.values(PATCH_TYPES).join(", ")}`);
  }
}
