/**
 * lib/materialize: base configs + patches → materialized configs. Pure: no I/O, no DB, no network.
 */
export { strategicMergePatch, type StrategicMergeOptions } from "./strategic-merge";
export { applyJsonPatch } from "./json-patch";
export { withMergedHotConfigs } from "./hot-configs";
export { setNamespace, setRegistry, setImage, withRegistry, podSpecOf } from "./transforms";
export { TargetIndex, affectedBy, type IndexedObject, type LabelBindings, type TargetResolution } from "./targets";
export {
  ObjectCatalog,
  ambiguityMessage,
  identityOf,
  objectKey,
  parseObjectRef,
  referenceProblem,
  type ObjectId,
  type ObjectRef,
  type RefResolution,
} from "./identity";
export {
  materialize,
  materializeObjects,
  buildIndex,
  MaterializeIndex,
  type BaseObject,
  type PatchRecord,
  type Transforms,
  type MaterializeInput,
  type MaterializeOptions,
  type MaterializeResult,
  type MaterializedObject,
  type PatchOutcome,
} from "./materialize";
export { ProvenanceTracker, type ProvenanceEntry, type ProvenanceSource } from "./provenance";
export { parsePatchText, parseTargetTag, type ParsedPatch, type StrategicPatch, type JsonPatch } from "./patch-text";
export { groupOf, type ScopeIndex } from "./scope";
export { CrdIndex, buildCrdIndex } from "./crds";
export { namespacesMovedFrom } from "./namespace-transform";
export { imagesLeftAlone } from "./image-fields";
export { parseBaseObjects, parseManifestObjects, parseStoredObject, identify, assertNoDuplicates, type ManifestObject } from "./base-objects";
export { parseDocuments, parseDocument, DEFAULT_PARSE_LIMITS, type ParseLimits, type ReadOptions, type YamlDocument } from "./yaml-documents";
export { toYaml, toYamlStream, yamlLines, type YamlLine } from "./yaml-write";
export { toJson } from "./json-write";
export { provenanceByLine, type LineProvenance } from "./line-provenance";
export { MaterializeError, isMaterializeError, MATERIALIZE_ERROR_CODES } from "./errors";
export type { MaterializeErrorCode, MaterializeErrorContext } from "./errors";
export type { JsonMap } from "./json-value";
