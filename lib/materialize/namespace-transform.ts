/**
 * The namespace transform (`patches/namespace`): every namespaced object moves into one
 * namespace. A cluster-scoped one (scope.ts: built-in kinds by group and kind, custom resources
 * by their CRD's `spec.scope`) gets none, and a namespace its base has is removed: kubectl and
 * the API server drop it (see scope.ts). Returns the JSON pointers it set (for provenance).
 */
import { isMap, type JsonMap } from "./json-value";
import { BUILT_IN_SCOPES, type ScopeIndex } from "./scope";

export interface NamespaceOptions {
  /** Which kinds are cluster-scoped: a CrdIndex of the store's CRDs; built-in kinds only by default. */
  scopes?: ScopeIndex;
}

export function setNamespace(object: JsonMap, namespace: string, options: NamespaceOptions = {}): string[] {
  if ((options.scopes ?? BUILT_IN_SCOPES).isClusterScoped(object.apiVersion, object.kind)) {
    if (isMap(object.metadata)) delete object.metadata.namespace;
    return [];
  }
  const metadata = isMap(object.metadata) ? object.metadata : (object.metadata = {});
  metadata.namespace = namespace;
  return ["/metadata/namespace"];
}
