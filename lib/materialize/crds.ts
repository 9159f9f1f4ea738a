/**
 * What the store's CustomResourceDefinitions say about their custom resources: whether a kind
 * is cluster-scoped (`spec.scope`). Built from the CRD objects (as parsed JSON maps); anything
 * that is not an `apiextensions.k8s.io` CustomResourceDefinition is ignored, so the caller can
 * pass every base object of the store.
 */
import { isMap, type JsonMap } from "./json-value";
import { BUILT_IN_SCOPES, groupOf, type ScopeIndex } from "./scope";

interface CrdEntry {
  readonly scope: unknown;
}

/** The group and kind a CRD defines, if it is a CRD. */
function definedKind(object: unknown): { group: string; kind: string; spec: JsonMap } | undefined {
  if (!isMap(object) || object.kind !== "CustomResourceDefinition" || groupOf(object.apiVersion) !== "apiextensions.k8s.io") return undefined;
  const spec = object.spec;
  if (!isMap(spec) || typeof spec.group !== "string" || !isMap(spec.names) || typeof spec.names.kind !== "string") return undefined;
  return { group: spec.group, kind: spec.names.kind, spec };
}

export class CrdIndex implements ScopeIndex {
  private readonly byGroupKind = new Map<string, CrdEntry>();

  constructor(objects: Iterable<unknown>) {
    for (const object of objects) {
      const defined = definedKind(object);
      if (defined !== undefined) this.byGroupKind.set(`${defined.group}/${defined.kind}`, { scope: defined.spec.scope });
    }
  }

  private entry(apiVersion: unknown, kind: unknown): CrdEntry | undefined {
    const group = groupOf(apiVersion);
    return group === undefined || typeof kind !== "string" ? undefined : this.byGroupKind.get(`${group}/${kind}`);
  }

  /** Built-in cluster-scoped kinds, and custom resources whose CRD has `spec.scope: Cluster`. */
  isClusterScoped(apiVersion: unknown, kind: unknown): boolean {
    return BUILT_IN_SCOPES.isClusterScoped(apiVersion, kind) || this.entry(apiVersion, kind)?.scope === "Cluster";
  }
}

/** The index of the CRDs among `objects` (every base object of the store may be passed). */
export function buildCrdIndex(objects: Iterable<unknown>): CrdIndex {
  return new CrdIndex(objects);
}
