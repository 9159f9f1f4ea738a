export { strategicMergePatch, type StrategicMergeOptions } from "./strategic-merge";
export { MaterializeError, isMaterializeError, MATERIALIZE_ERROR_CODES } from "./errors";
export type { MaterializeErrorCode, MaterializeErrorContext } from "./errors";
