/**
 * ConfigMap "hot configs": a `data` value that holds a YAML mapping merges key by key with the
 * patch's value for the same key (a `null` inner value deletes that key), so a patch can set one
 * `LOG_LEVEL` without restating the rest. Values that are not mappings on both sides, and every
 * value of a patch marked `# __ib_label=scalar`, are replaced as plain strings.
 *
 *     base data.app: "LOG_LEVEL: INFO\nTRACING: false\n"
 *     patch data.app: "LOG_LEVEL: DEBUG\n"
 *     result data.app: "LOG_LEVEL: DEBUG\nTRACING: false\n"
 */
import jsYaml from "js-yaml";
import { isMap, setKey, type JsonMap } from "./json-value";
import { loadYaml } from "./yaml-documents";

const MAX_HOT_CONFIG_BYTES = 1024 * 1024;

function asMapping(text: unknown): JsonMap | undefined {
  if (typeof text !== "string" || text.length > MAX_HOT_CONFIG_BYTES || !text.includes(":")) return undefined;
  try {
    const value = loadYaml(text);
    return isMap(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function mergeMappings(base: JsonMap, patch: JsonMap): JsonMap {
  const out: JsonMap = { ...base };
  for (const key of Object.keys(patch)) {
    const value = patch[key];
    if (value === null) delete out[key];
    else if (isMap(value) && isMap(out[key])) setKey(out, key, mergeMappings(out[key] as JsonMap, value));
    else setKey(out, key, value);
  }
  return out;
}

/**
 * Returns the patch body with each hot-config `data` value pre-merged against the object's
 * current value, or the body itself when nothing is to merge.
 */
export function withMergedHotConfigs(object: JsonMap, body: JsonMap): JsonMap {
  const data = object.data;
  const patchData = body.data;
  if (!isMap(data) || !isMap(patchData)) return body;
  let merged: JsonMap | undefined;
  for (const key of Object.keys(patchData)) {
    const patchMapping = asMapping(patchData[key]);
    if (patchMapping === undefined) continue;
    const baseMapping = asMapping(data[key]);
    if (baseMapping === undefined) continue;
    merged ??= { ...patchData };
    merged[key] = jsYaml.dump(mergeMappings(baseMapping, patchMapping), { lineWidth: -1, noRefs: true });
  }
  return merged === undefined ? body : { ...body, data: merged };
}
