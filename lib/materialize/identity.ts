/**
 * Object identity, as Kubernetes identifies an object: API group, kind, namespace (none for
 * cluster-scoped kinds), name. Real releases reuse names across kinds (a Deployment, a Service and
 * a ServiceAccount all named `frontend`) and across namespaces (one Role in three namespaces).
 *
 * Every object has one **key**, its fully qualified form in kubectl's syntax, which the store
 * keeps and which never changes:
 *
 *   [NAMESPACE/]KIND[.GROUP]/NAME      kind in lower case, group left out for the core group
 *   deployment.apps/frontend           a Deployment without a namespace of its own
 *   service/frontend                   a Service (core group)
 *   monitoring/role.rbac.authorization.k8s.io/prometheus-k8s
 *   clusterrole.rbac.authorization.k8s.io/system:coredns   (cluster-scoped: never a namespace)
 *
 * Wherever an object is named (URLs, `# target:`, `object_name`), a **reference** finds it:
 * - a bare name (`frontend`) when exactly one object has it;
 * - `KIND[.GROUP]/NAME` (`service/frontend`, `Deployment/frontend`, `deployment.apps/frontend`;
 *   kind case-insensitive, the group may be left out);
 * - `NAMESPACE/KIND[.GROUP]/NAME` (`monitoring/role/prometheus-k8s`).
 * A reference that fits several objects is ambiguous (409, listing each one's display form).
 * Objects are shown by the shortest of these forms that fits only them (bare where unique).
 * Label names hold no `/`, so a target with one always names an object.
 */
import { isMap, type JsonMap } from "./json-value";
import { type ScopeIndex, groupOf } from "./scope";

export interface ObjectId {
  /** "" for the core group. */
  group: string;
  kind: string;
  /** "" for cluster-scoped objects and for objects without a namespace of their own. */
  namespace: string;
  name: string;
}

/** `kind[.group]`, as kubectl qualifies a resource. */
function kindPart(id: Pick<ObjectId, "group" | "kind">): string {
  const kind = id.kind.toLowerCase();
  return id.group === "" ? kind : `${kind}.${id.group}`;
}

export function objectKey(id: ObjectId): string {
  const qualified = `${kindPart(id)}/${id.name}`;
  return id.namespace === "" ? qualified : `${id.namespace}/${qualified}`;
}

/** The identity of a parsed object (kind and metadata.name already checked by the caller). */
export function identityOf(object: JsonMap, scopes: ScopeIndex): ObjectId {
  const kind = String(object.kind);
  const group = groupOf(object.apiVersion) ?? "";
  const metadata = isMap(object.metadata) ? object.metadata : {};
  const namespace = typeof metadata.namespace === "string" && !scopes.isClusterScoped(object.apiVersion, kind) ? metadata.namespace : "";
  return { group, kind, namespace, name: String(metadata.name) };
}

/** A parsed reference; unset parts match anything. */
export interface ObjectRef {
  name: string;
  kind?: string;
  group?: string;
  namespace?: string;
}

/** Reads a reference (bare name, `kind[.group]/name` or `namespace/kind[.group]/name`); undefined when malformed. */
export function parseObjectRef(ref: string): ObjectRef | undefined {
  const parts = ref.split("/");
  if (parts.some((p) => p === "") || parts.length > 3) return undefined;
  if (parts.length === 1) return { name: ref };
  const [kindGroup, name] = parts.slice(-2) as [string, string];
  const dot = kindGroup.indexOf(".");
  const kind = (dot === -1 ? kindGroup : kindGroup.slice(0, dot)).toLowerCase();
  const out: ObjectRef = { name, kind };
  if (dot !== -1) out.group = kindGroup.slice(dot + 1).toLowerCase();
  if (parts.length === 3) out.namespace = parts[0];
  return out;
}

/**
 * Why a reference cannot name an object (undefined when it can). Names are checked as loosely as
 * the most permissive kinds allow (RBAC's path-segment names: `system:coredns`); the API server
 * checks each kind's own rule when the object is applied.
 */
export function referenceProblem(ref: string): string | undefined {
  const parsed = ref.length > 512 ? undefined : parseObjectRef(ref);
  if (parsed === undefined) return "is not an object reference (NAME, KIND[.GROUP]/NAME or NAMESPACE/KIND[.GROUP]/NAME)";
  const { name } = parsed;
  if (name === "." || name === ".." || name.length > 253 || /[%\s]/.test(name)) return "is not a valid object name";
  return undefined;
}

function fits(ref: ObjectRef, id: ObjectId): boolean {
  return (
    ref.name === id.name &&
    (ref.kind === undefined || ref.kind === id.kind.toLowerCase()) &&
    (ref.group === undefined || ref.group === id.group.toLowerCase()) &&
    (ref.namespace === undefined || ref.namespace === id.namespace)
  );
}

export type RefResolution =
  | { type: "object"; key: string }
  | { type: "ambiguous"; candidates: string[] }
  | { type: "none" };

/**
 * The objects of a store by key, and the references that find them. Resolving a reference looks
 * only at the objects of its name (an index by name), so it costs the same in a store of 10,000.
 */
export class ObjectCatalog {
  private readonly ids = new Map<string, ObjectId>();
  private readonly byName = new Map<string, string[]>();
  // Spellings depend on the other objects of the same name: computed once per catalog state.
  private readonly spelled = new Map<string, string[]>();

  constructor(entries: Iterable<readonly [string, ObjectId]> = []) {
    for (const [key, id] of entries) this.add(key, id);
  }

  add(key: string, id: ObjectId): void {
    if (this.ids.has(key)) return;
    this.ids.set(key, id);
    this.spelled.clear();
    const keys = this.byName.get(id.name);
    if (keys === undefined) this.byName.set(id.name, [key]);
    else keys.push(key);
  }

  has(key: string): boolean {
    return this.ids.has(key);
  }

  id(key: string): ObjectId | undefined {
    return this.ids.get(key);
  }

  /** The keys a reference fits: the key itself, or every object its parts match. */
  matches(ref: string): string[] {
    if (this.ids.has(ref)) return [ref];
    const parsed = parseObjectRef(ref);
    if (parsed === undefined) return [];
    return (this.byName.get(parsed.name) ?? []).filter((key) => fits(parsed, this.ids.get(key)!));
  }

  resolve(ref: string): RefResolution {
    const keys = this.matches(ref);
    if (keys.length === 1) return { type: "object", key: keys[0]! };
    if (keys.length === 0) return { type: "none" };
    return { type: "ambiguous", candidates: keys.map((k) => this.display(k)).sort() };
  }

  /** How an object is shown: its bare name when unique, else `kind[.group]/name`, else its key. */
  display(key: string): string {
    const id = this.ids.get(key);
    if (id === undefined) return key;
    const same = this.byName.get(id.name)!;
    if (same.length === 1) return id.name;
    const qualified = `${kindPart(id)}/${id.name}`;
    const sameKind = same.filter((k) => kindPart(this.ids.get(k)!) === kindPart(id));
    return sameKind.length === 1 ? qualified : key;
  }

  /**
   * Every spelling of a reference that finds this object alone, the key included: what a stored
   * target written before the object existed (`frontend`, `service/frontend`) may say.
   */
  spellings(key: string): string[] {
    let known = this.spelled.get(key);
    if (known === undefined) this.spelled.set(key, (known = this.computeSpellings(key)));
    return [...known];
  }

  private computeSpellings(key: string): string[] {
    const id = this.ids.get(key);
    if (id === undefined) return [key];
    const kinds = [id.kind.toLowerCase(), kindPart(id), id.kind];
    if (id.group !== "") kinds.push(`${id.kind}.${id.group}`);
    const forms = new Set<string>([key, id.name]);
    for (const k of kinds) {
      forms.add(`${k}/${id.name}`);
      if (id.namespace !== "") forms.add(`${id.namespace}/${k}/${id.name}`);
    }
    // The usual case: no other object has the name, so every spelling finds this one alone.
    if (this.byName.get(id.name)!.length === 1) return [...forms];
    return [...forms].filter((f) => {
      const m = this.matches(f);
      return m.length === 1 && m[0] === key;
    });
  }
}

/** The message of a 409 for an ambiguous reference. */
export function ambiguityMessage(ref: string, candidates: readonly string[]): string {
  return `'${ref}' names ${candidates.length} objects; name one of them: ${candidates.join(", ")}`;
}
