/**
 * materialized(object) = base + every patch whose target is the object or one of its labels, in
 * patch-version order + global transforms (namespace, registry) last.
 *
 * `buildIndex` groups objects, label bindings and patches once; `materializeObjects` then
 * materializes any subset, so a new patch costs time proportional to the objects it reaches
 * (`addPatch` returns them), not to the store.
 */
import { MaterializeError, isMaterializeError } from "./errors";
import { cloneJson, isMap, type JsonMap } from "./json-value";
import { withMergedHotConfigs } from "./hot-configs";
import { applyJsonPatchToOwned } from "./json-patch";
import { patchMetaForKind } from "./patch-meta";
import type { ParsedPatch } from "./patch-text";
import { ProvenanceTracker, type ProvenanceEntry } from "./provenance";
import { mergeIntoOwned } from "./strategic-merge";
import type { ObjectId } from "./identity";
import { TargetIndex, affectedBy, type LabelBindings } from "./targets";
import { type CrdIndex, buildCrdIndex } from "./crds";
import { namespacesMovedFrom } from "./namespace-transform";
import { setNamespace, setRegistry } from "./transforms";
import { toYaml } from "./yaml-write";

export interface BaseObject {
  /** The object's key (identity.ts). */
  key: string;
  id: ObjectId;
  kind: string;
  object: JsonMap;
}

export interface PatchRecord {
  version: number;
  target: string;
  patch: ParsedPatch;
}

export interface Transforms {
  namespace?: string;
  registry?: string;
}

export interface MaterializeInput {
  objects: readonly BaseObject[];
  /** In any order: they are applied by version. */
  patches: readonly PatchRecord[];
  bindings?: LabelBindings;
  transforms?: Transforms;
  /**
   * The store's target index, to resolve targets and labels against every object of the store
   * when `objects` are only some of them (it must hold them); default: one of `objects` alone.
   */
  targets?: TargetIndex;
  /** The store's CRDs (scopes, merge keys of custom resources); default: the CRDs among `objects`. */
  crds?: CrdIndex;
  /** The namespaces the namespace transform empties (every namespaced object's); default: those of `objects`. */
  namespaces?: ReadonlySet<string>;
}

/** What every object's materialization shares: the transforms and what the store says about kinds. */
interface Context {
  transforms: Transforms;
  crds: CrdIndex;
  namespaces: ReadonlySet<string>;
}

export interface MaterializeOptions {
  /** Compute per-leaf provenance (default true). */
  provenance?: boolean;
  /** Serialize each result to `config` (default true). */
  yaml?: boolean;
}

export type PatchOutcome =
  | { version: number; target: string; status: "applied" }
  | { version: number; target: string; status: "skipped"; reason: string }
  | { version: number; target: string; status: "failed"; reason: string; error: MaterializeError };

export interface MaterializedObject {
  /** The object's key (identity.ts). */
  key: string;
  kind: string;
  object: JsonMap;
  /** YAML text, keys sorted as kubectl prints them ("" when `yaml: false`). */
  config: string;
  /** The last patch version applied, null when none was. */
  patchVersion: number | null;
  patches: PatchOutcome[];
  provenance?: ProvenanceEntry[];
}

export interface MaterializeResult {
  objects: MaterializedObject[];
  /** Patches whose target names no object yet (they wait for one). */
  unmatched: PatchOutcome[];
}

export class MaterializeIndex {
  readonly targets: TargetIndex;
  readonly transforms: Transforms;
  readonly context: Context;
  private readonly objects = new Map<string, BaseObject>();
  private readonly patchesByTarget = new Map<string, PatchRecord[]>();

  constructor(input: MaterializeInput) {
    this.transforms = input.transforms ?? {};
    this.targets = input.targets ?? new TargetIndex([], input.bindings);
    for (const o of input.objects) this.setObject(o);
    const crds = input.crds ?? buildCrdIndex(input.objects.map((o) => o.object));
    const namespaces = input.namespaces ?? namespacesMovedFrom(input.objects.map((o) => o.object), crds);
    this.context = { transforms: this.transforms, crds, namespaces };
    const sorted = [...input.patches].sort((a, b) => a.version - b.version);
    for (const p of sorted) this.insertPatch(p);
  }

  setObject(object: BaseObject): void {
    this.objects.set(object.key, object);
    this.targets.addObject({ key: object.key, id: object.id });
  }

  /** Adds a patch; returns the keys of the objects it affects (to re-materialize). */
  addPatch(record: PatchRecord): string[] {
    this.insertPatch(record);
    return affectedBy({ target: record.target, kind: record.patch.kind }, this.targets);
  }

  private insertPatch(record: PatchRecord): void {
    let list = this.patchesByTarget.get(record.target);
    if (list === undefined) this.patchesByTarget.set(record.target, (list = []));
    let at = list.length;
    while (at > 0 && (list[at - 1] as PatchRecord).version > record.version) at--;
    list.splice(at, 0, record);
  }

  object(key: string): BaseObject | undefined {
    return this.objects.get(key);
  }

  keys(): string[] {
    return [...this.objects.keys()];
  }

  /** The patches that reach an object (by a reference to it or a label), in version order. */
  patchesFor(key: string): PatchRecord[] {
    const out: PatchRecord[] = [];
    let sorted = true;
    for (const target of this.targets.targetsOf(key)) {
      const list = this.patchesByTarget.get(target);
      if (list === undefined) continue;
      // Each list is in version order: only where two lists meet can the order break.
      const last = out[out.length - 1];
      if (last !== undefined && list.length > 0 && last.version > (list[0] as PatchRecord).version) sorted = false;
      for (const p of list) out.push(p);
    }
    return sorted ? out : out.sort((a, b) => a.version - b.version);
  }

  unmatched(): PatchRecord[] {
    const out: PatchRecord[] = [];
    for (const [target, list] of this.patchesByTarget) if (this.targets.resolve(target).objects.length === 0) out.push(...list);
    return out;
  }
}

export function buildIndex(input: MaterializeInput): MaterializeIndex {
  return new MaterializeIndex(input);
}

/** Materializes every object of the input. */
export function materialize(input: MaterializeInput, options: MaterializeOptions = {}): MaterializeResult {
  const index = buildIndex(input);
  return {
    objects: materializeObjects(index, index.keys(), options),
    unmatched: index.unmatched().map((p) => ({
      version: p.version,
      target: p.target,
      status: "skipped",
      reason: `target '${p.target}' is a nonexistent object or label`,
    })),
  };
}

/** Materializes the objects of an index with these keys (unknown keys are ignored). */
export function materializeObjects(index: MaterializeIndex, keys: Iterable<string>, options: MaterializeOptions = {}): MaterializedObject[] {
  const out: MaterializedObject[] = [];
  for (const key of keys) {
    const base = index.object(key);
    if (base !== undefined) out.push(materializeOne(base, index.patchesFor(key), index.context, options));
  }
  return out;
}

/**
 * A patch's `metadata.name` identifies what it was written for; it never renames the object.
 * (A patch that carries a name is mostly one that targets that object alone: a cache of stripped
 * bodies cost a WeakMap entry per such patch and was hardly ever hit.)
 */
function withoutName(body: JsonMap): JsonMap {
  if (!isMap(body.metadata) || !Object.hasOwn(body.metadata, "name")) return body;
  const { name: _name, ...metadata } = body.metadata;
  return { ...body, metadata };
}

function materializeOne(base: BaseObject, patches: PatchRecord[], context: Context, options: MaterializeOptions): MaterializedObject {
  let failed: Map<number, MaterializeError> | undefined;
  // A failing patch may leave the working copy half merged: start over without it.
  for (;;) {
    try {
      return applyAll(base, patches, context, options, failed);
    } catch (err) {
      if (!(err instanceof PatchFailure)) throw err;
      (failed ??= new Map()).set(err.version, err.error);
    }
  }
}

class PatchFailure extends Error {
  constructor(
    readonly version: number,
    readonly error: MaterializeError,
  ) {
    super(error.message);
  }
}

function applyAll(
  base: BaseObject,
  patches: PatchRecord[],
  { transforms, crds, namespaces }: Context,
  options: MaterializeOptions,
  failed: Map<number, MaterializeError> | undefined,
): MaterializedObject {
  const type = patchMetaForKind(base.kind, base.object.apiVersion, crds);
  const tracker = options.provenance === false ? undefined : new ProvenanceTracker(type);
  let object = cloneJson(base.object);
  let patchVersion: number | null = null;
  const outcomes: PatchOutcome[] = [];
  for (const { version, target, patch } of patches) {
    const error = failed?.get(version);
    if (error !== undefined) {
      outcomes.push({ version, target, status: "failed", reason: error.message, error });
      continue;
    }
    if (patch.kind !== undefined && patch.kind !== base.kind) {
      outcomes.push({ version, target, status: "skipped", reason: `patch is for kind ${patch.kind}; ${base.key} is a ${base.kind}` });
      continue;
    }
    try {
      if (patch.format === "YAML") {
        let body = withoutName(patch.body);
        if (base.kind === "ConfigMap" && !patch.scalarHotConfigs) body = withMergedHotConfigs(object, body);
        object = mergeIntoOwned(object, body, type);
        tracker?.markStrategic(object, body, version);
      } else {
        const patched = applyJsonPatchToOwned(object, patch.ops, version);
        if (!isMap(patched)) throw new MaterializeError("json_patch_failed", `JSON patch ${version} does not leave a mapping`, { patchVersion: version });
        object = patched;
        tracker?.markPointers(object, patch.ops.filter((op) => op.op !== "remove" && op.op !== "test").map((op) => op.path), { source: "patch", version });
      }
    } catch (err) {
      if (!isMaterializeError(err)) throw err;
      err.context.patchVersion ??= version;
      err.context.object ??= base.key;
      throw new PatchFailure(version, err);
    }
    patchVersion = version;
    outcomes.push({ version, target, status: "applied" });
  }
  // The transforms run whether or not provenance is tracked (`tracker?.f(g())` would skip g).
  if (transforms.namespace !== undefined) {
    const set = setNamespace(object, transforms.namespace, { scopes: crds, movedFrom: namespaces });
    tracker?.markPointers(object, set, { source: "transform", transform: "namespace" });
  } else if (isMap(object.metadata) && crds.isClusterScoped(object.apiVersion, object.kind)) {
    // A cluster-scoped object has no namespace, whatever its base says (kubectl and the API server drop it).
    delete object.metadata.namespace;
  }
  if (transforms.registry !== undefined) {
    const set = setRegistry(object, transforms.registry);
    tracker?.markPointers(object, set, { source: "transform", transform: "registry" });
  }
  return {
    key: base.key,
    kind: base.kind,
    object,
    config: options.yaml === false ? "" : toYaml(object),
    patchVersion,
    patches: outcomes,
    provenance: tracker?.entries(object),
  };
}
