/**
 * Base configs: Kubernetes objects from multi-document YAML, identified as Kubernetes identifies
 * them (identity.ts). `kind: List` and `*List` documents (`ConfigMapList`, `RoleList`) are
 * expanded into their items, as `kubectl apply` does.
 */
import { MaterializeError } from "./errors";
import { buildCrdIndex } from "./crds";
import { dnsLabel, nameProblems } from "./object-names";
import { BUILT_IN_SCOPES, groupOf } from "./scope";
import { identityOf, objectKey } from "./identity";
import { isMap, type JsonMap } from "./json-value";
import type { BaseObject } from "./materialize";
import { DEFAULT_PARSE_LIMITS, parseDocuments, type ParseLimits } from "./yaml-documents";

/** One object of a manifest, checked to have a kind and a name; `where` says where it was read. */
export interface ManifestObject {
  kind: string;
  object: JsonMap;
  where: string;
}

const API_VERSION = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?v[0-9]+((alpha|beta)[0-9]+)?$/;
const KIND = /^[A-Za-z][A-Za-z0-9]{0,62}$/;

/** Why the API server would refuse an object of this shape: apiVersion, kind, metadata, name and namespace. */
function shapeProblem(object: JsonMap, kind: string, name: string): string | undefined {
  const { apiVersion, metadata } = object;
  if (apiVersion !== undefined && (typeof apiVersion !== "string" || !API_VERSION.test(apiVersion))) {
    return `apiVersion ${JSON.stringify(apiVersion)} is not GROUP/VERSION or VERSION (apps/v1, v1)`;
  }
  if (!KIND.test(kind)) return "kind must be a name of letters and digits starting with a letter (Deployment)";
  if (!isMap(metadata)) return "metadata must be a mapping";
  const names = nameProblems(groupOf(apiVersion) ?? "", kind, name);
  if (names.length > 0) return `metadata.name: ${names.join("; ")}`;
  const { namespace } = metadata;
  if (namespace !== undefined) {
    const problems = typeof namespace === "string" ? dnsLabel(namespace) : ["must be a string"];
    if (problems.length > 0) return `metadata.namespace: ${problems.join("; ")}`;
  }
  return undefined;
}

const isListKind = (kind: string) => kind === "List" || (kind.endsWith("List") && kind.length > 4);

/** The objects of one text: each document a mapping with `kind` and `metadata.name`, Lists expanded. */
export function parseManifestObjects(text: string, limits: ParseLimits = DEFAULT_PARSE_LIMITS, source = "input"): ManifestObject[] {
  const out: ManifestObject[] = [];
  for (const doc of parseDocuments(text, limits)) {
    const where = `${source}: document ${doc.index} (line ${doc.line})`;
    const context = { document: doc.index, line: doc.line };
    const check = (value: unknown, at: string): ManifestObject => {
      if (!isMap(value)) throw new MaterializeError("invalid_document", `${at} is not a mapping`, context);
      const kind = value.kind;
      const metadata = value.metadata;
      const name = isMap(metadata) ? metadata.name : undefined;
      if (typeof kind !== "string" || kind === "") throw new MaterializeError("invalid_document", `${at} has no kind`, context);
      if (typeof name !== "string" || name === "") throw new MaterializeError("invalid_document", `${at} has no metadata.name`, context);
      const problem = shapeProblem(value, kind, name);
      if (problem) throw new MaterializeError("invalid_document", `${at} (${kind} ${JSON.stringify(name)}): ${problem}`, context);
      return { kind, object: value, where: at };
    };
    const value = doc.value;
    if (isMap(value) && typeof value.kind === "string" && isListKind(value.kind) && Array.isArray(value.items)) {
      value.items.forEach((item, i) => out.push(check(item, `${where} item ${i}`)));
    } else {
      out.push(check(value, where));
    }
  }
  return out;
}

/**
 * Gives each object its identity. Which kinds are cluster-scoped: the built-in ones, and those of
 * the CRDs among `storeCrds` (the store's) and `objects` (a release's own win), so a release may
 * hold a cluster-scoped CRD and its resources together.
 */
export function identify(objects: readonly ManifestObject[], storeCrds: readonly JsonMap[] = []): BaseObject[] {
  const crds = [...storeCrds, ...objects.filter((o) => o.kind === "CustomResourceDefinition").map((o) => o.object)];
  const scopes = crds.length === 0 ? BUILT_IN_SCOPES : buildCrdIndex(crds);
  return objects.map((o) => {
    const id = identityOf(o.object, scopes);
    return { key: objectKey(id), id, kind: o.kind, object: o.object };
  });
}

/** Parses and identifies the objects of one text (the CRDs it holds decide their kinds' scope). */
export function parseBaseObjects(text: string, limits: ParseLimits = DEFAULT_PARSE_LIMITS, source = "input"): BaseObject[] {
  const objects = identify(parseManifestObjects(text, limits, source));
  assertNoDuplicates(objects);
  return objects;
}

/** The one object of a stored base config text. */
export function parseStoredObject(text: string): JsonMap {
  const [first] = parseManifestObjects(text);
  return first!.object;
}

/** An object is refused only when another has the same group, kind, namespace and name; all such are named at once. */
export function assertNoDuplicates(objects: readonly BaseObject[]): void {
  const count = new Map<string, number>();
  for (const o of objects) count.set(o.key, (count.get(o.key) ?? 0) + 1);
  const twice = [...count].filter(([, n]) => n > 1);
  if (twice.length === 0) return;
  const list = twice.map(([key, n]) => `${key} (${n} times)`).join(", ");
  throw new MaterializeError("invalid_document", `${twice.length} object(s) appear more than once: ${list}`, { object: twice[0]![0] });
}
