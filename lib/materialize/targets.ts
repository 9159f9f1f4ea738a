/**
 * Target resolution: a patch target is an object name or a label. An existing object name wins;
 * otherwise a label: the implicit label of each kind (`Deployment`, `ConfigMap`, ...) and the
 * custom labels of the bindings; otherwise the target names nothing yet (the patch waits).
 */
export interface ObjectRef {
  name: string;
  kind: string;
}

/** Custom label → object names bound to it (names of objects that do not exist yet are kept). */
export type LabelBindings = Readonly<Record<string, readonly string[]>>;

export type TargetResolution =
  | { type: "object"; objects: string[] }
  | { type: "label"; objects: string[] }
  | { type: "missing"; objects: [] };

export class TargetIndex {
  private readonly kinds = new Map<string, string>();
  private readonly byLabel = new Map<string, Set<string>>();
  private readonly labelsByObject = new Map<string, Set<string>>();

  constructor(objects: Iterable<ObjectRef>, bindings: LabelBindings = {}) {
    for (const o of objects) this.addObject(o);
    for (const label of Object.keys(bindings)) for (const name of bindings[label] ?? []) this.bind(label, name);
  }

  addObject(o: ObjectRef): void {
    this.kinds.set(o.name, o.kind);
    this.bind(o.kind, o.name);
  }

  bind(label: string, name: string): void {
    let members = this.byLabel.get(label);
    if (members === undefined) this.byLabel.set(label, (members = new Set()));
    members.add(name);
    let labels = this.labelsByObject.get(name);
    if (labels === undefined) this.labelsByObject.set(name, (labels = new Set()));
    labels.add(label);
  }

  has(name: string): boolean {
    return this.kinds.has(name);
  }

  kindOf(name: string): string | undefined {
    return this.kinds.get(name);
  }

  objectNames(): string[] {
    return [...this.kinds.keys()];
  }

  resolve(target: string): TargetResolution {
    if (this.kinds.has(target)) return { type: "object", objects: [target] };
    const members = this.byLabel.get(target);
    const existing = members === undefined ? [] : [...members].filter((n) => this.kinds.has(n));
    return existing.length > 0 || members !== undefined ? { type: "label", objects: existing } : { type: "missing", objects: [] };
  }

  /** The targets that reach an object: its name and each label it is bound to that no object is named. */
  targetsOf(name: string): string[] {
    const targets = [name];
    for (const label of this.labelsByObject.get(name) ?? []) if (!this.kinds.has(label)) targets.push(label);
    return targets;
  }
}

/** The objects a patch touches: those its target resolves to, narrowed to its `kind` if it names one. */
export function affectedBy(patch: { target?: string; kind?: string }, index: TargetIndex): string[] {
  if (patch.target === undefined) return [];
  const names = index.resolve(patch.target).objects;
  return patch.kind === undefined ? names : names.filter((n) => index.kindOf(n) === patch.kind);
}
