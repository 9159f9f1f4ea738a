/**
 * Target resolution: a patch target is an object reference (identity.ts) or a label. An object
 * the reference finds wins; otherwise a label: the implicit label of each kind (`Deployment`,
 * `ConfigMap`, custom resource kinds too) and the custom labels of the bindings; otherwise the
 * target names nothing yet (the patch waits). Stored targets of existing objects are keys, so a
 * name that becomes ambiguous later leaves them on the object they were made for.
 */
import { type ObjectId, ObjectCatalog } from "./identity";

export interface IndexedObject {
  key: string;
  id: ObjectId;
}

/** Custom label → references of the objects bound to it (references of objects that do not exist yet are kept). */
export type LabelBindings = Readonly<Record<string, readonly string[]>>;

export type TargetResolution =
  | { type: "object"; objects: string[] }
  | { type: "label"; objects: string[] }
  | { type: "ambiguous"; objects: []; candidates: string[] }
  | { type: "missing"; objects: [] };

export class TargetIndex {
  readonly catalog = new ObjectCatalog();
  private readonly byLabel = new Map<string, Set<string>>();
  // Label members resolved to keys, computed when first asked for (objects may come after bindings).
  private resolved: { members: Map<string, string[]>; labels: Map<string, string[]>; reaching: Map<string, string[]> } | undefined;

  constructor(objects: Iterable<IndexedObject> = [], bindings: LabelBindings = {}) {
    for (const o of objects) this.addObject(o);
    for (const [label, refs] of Object.entries(bindings)) for (const ref of refs) this.bind(label, ref);
  }

  addObject(o: IndexedObject): void {
    this.catalog.add(o.key, o.id);
    this.bind(o.id.kind, o.key);
  }

  bind(label: string, ref: string): void {
    let members = this.byLabel.get(label);
    if (members === undefined) this.byLabel.set(label, (members = new Set()));
    else if (members.has(ref)) return;
    members.add(ref);
    this.resolved = undefined;
  }

  kindOf(key: string): string | undefined {
    return this.catalog.id(key)?.kind;
  }

  private resolveLabels() {
    if (this.resolved) return this.resolved;
    const members = new Map<string, string[]>();
    const labels = new Map<string, string[]>();
    for (const [label, refs] of this.byLabel) {
      const keys = new Set<string>();
      for (const ref of refs) {
        const found = this.catalog.resolve(ref);
        if (found.type === "object") keys.add(found.key);
      }
      members.set(label, [...keys]);
      for (const key of keys) {
        const list = labels.get(key);
        if (list === undefined) labels.set(key, [label]);
        else list.push(label);
      }
    }
    // The labels that reach an object as labels: those that name no object (an object wins).
    const namesObject = new Set([...this.byLabel.keys()].filter((label) => this.catalog.matches(label).length > 0));
    const reaching = new Map<string, string[]>();
    for (const [key, list] of labels) reaching.set(key, namesObject.size === 0 ? list : list.filter((label) => !namesObject.has(label)));
    return (this.resolved = { members, labels, reaching });
  }

  resolve(target: string): TargetResolution {
    const found = this.catalog.resolve(target);
    if (found.type === "object") return { type: "object", objects: [found.key] };
    if (found.type === "ambiguous") return { type: "ambiguous", objects: [], candidates: found.candidates };
    const members = this.resolveLabels().members.get(target);
    return members !== undefined ? { type: "label", objects: [...members] } : { type: "missing", objects: [] };
  }

  /** The labels an object is bound to (its kind's label included). */
  labelsOf(key: string): string[] {
    return [...(this.resolveLabels().labels.get(key) ?? [])];
  }

  /**
   * The stored targets that reach an object: each spelling that finds it alone (its key, and its
   * bare or qualified name for patches written before it existed) and each label it is bound to
   * that names no object.
   */
  targetsOf(key: string): string[] {
    const targets = this.catalog.spellings(key);
    for (const label of this.resolveLabels().reaching.get(key) ?? []) targets.push(label);
    return targets;
  }
}

/** The objects a patch touches: those its target resolves to, narrowed to its `kind` if it names one. */
export function affectedBy(patch: { target?: string; kind?: string }, index: TargetIndex): string[] {
  if (patch.target === undefined) return [];
  const keys = index.resolve(patch.target).objects;
  return patch.kind === undefined ? keys : keys.filter((k) => index.kindOf(k) === patch.kind);
}
