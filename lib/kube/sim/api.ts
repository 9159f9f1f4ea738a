// The API server's storage semantics on top of the Store: create / update / patch / apply /
// delete with resourceVersion preconditions, generation, uid, timestamps, defaulting,
// validation, managedFields, the status and scale subresources and garbage collection; for
// CustomResourceDefinitions their status and the kinds they add (crd.ts), for custom resources
// their schema (schema.ts).
import { randomUUID } from "node:crypto";
import { parse as parseYaml } from "yaml";
import { ApiError, alreadyExists, badRequest, conflict, notFound, type StatusCause } from "./errors";
import { BUILTIN_SHAPE, type Shape } from "./fields";
import { arr, child, clone, deepEqual, isObj, labelsOf, obj, str, type Obj } from "./json";
import { serverSideApply, trackUpdate } from "./managed";
import { fromServed, toServed } from "./convert";
import { CRD, crdCauses, crdStatus, customType, defaultCrd, nameConflicts } from "./crd";
import { applyDefaults } from "./defaults";
import { applyPatch, PATCH_TYPES } from "./patch";
import { Registry, groupVersion, resourceByKind, type ResourceType } from "./registry";
import { applySchemaDefaults, prune, schemaCauses, schemaShape } from "./schema";
import { fromLabelSelector, matches, parseFieldSelector, parseLabelSelector, selectorString } from "./selectors";
import type { Store } from "./store";
import { validate } from "./validate";

export function now(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
}

const NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

export function randomSuffix(n = 5): string {
  let s = "";
  for (let i = 0; i < n; i++) s += NAME_ALPHABET[Math.floor(Math.random() * NAME_ALPHABET.length)];
  return s;
}

export interface WriteOptions {
  manager: string;
  dryRun?: boolean;
  subresource?: "status" | "scale";
  /** The API version the request is in, when not the storage version (bodies and patches are converted). */
  version?: string;
  /** `fieldValidation` of the request: `Strict` refuses (400) fields a custom resource's schema does not specify. */
  fieldValidation?: string | null;
}

export interface PatchOptions extends WriteOptions {
  contentType: string;
  force?: boolean;
}

export interface ListOptions {
  labelSelector?: string | null;
  fieldSelector?: string | null;
  /** The version listed in (a custom resource's selectable fields are per version). */
  version?: string;
}

export type Propagation = "Background" | "Foreground" | "Orphan";

export interface DeleteOptions {
  propagationPolicy?: Propagation;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
}

const NAMESPACE = resourceByKind("Namespace");
const SERVICE = resourceByKind("Service");
const JOB = resourceByKind("Job");

/** The schema of the version a custom resource is written or read in (undefined for built-in kinds). */
function schemaOf(rt: ResourceType, version: string | undefined): Obj | undefined {
  return rt.custom?.versions[version ?? rt.version]?.schema;
}

/** The kind's list-maps, for managedFields and server-side apply. */
function shapeOf(rt: ResourceType): Shape {
  return rt.custom ? schemaShape(schemaOf(rt, rt.version)) : BUILTIN_SHAPE;
}

/** `.spec.replicas` → ["spec", "replicas"]. */
function pathOf(jsonPath: string): string[] {
  return jsonPath.replace(/^\./, "").split(".").filter(Boolean);
}

function valueAtPath(o: Obj, path: string[]): unknown {
  let cur: unknown = o;
  for (const k of path) cur = obj(cur)[k];
  return cur;
}

/** Where the scale subresource reads and writes replicas (a CRD names them; built-ins use spec/status.replicas). */
function scalePaths(rt: ResourceType): { spec: string[]; status: string[]; selector?: string[] } {
  const s = rt.custom?.scale;
  if (!s) return { spec: ["spec", "replicas"], status: ["status", "replicas"] };
  return { spec: pathOf(s.specReplicasPath), status: pathOf(s.statusReplicasPath), ...(s.labelSelectorPath ? { selector: pathOf(s.labelSelectorPath) } : {}) };
}

/** The field selector paths a list may use: custom resources allow metadata.name/namespace and the version's selectableFields. */
function selectableFields(rt: ResourceType, version: string | undefined): string[] | undefined {
  if (!rt.custom) return undefined;
  return ["metadata.name", "metadata.namespace", ...(rt.custom.versions[version ?? rt.version]?.selectableFields ?? []).map((p) => pathOf(p).join("."))];
}

export class ClusterApi {
  /** The kinds served: the built-ins and those of the established CRDs (kept in step by syncCrds). */
  readonly registry = new Registry();

  constructor(readonly store: Store) {
    this.syncCrds();
  }

  get(rt: ResourceType, ns: string | undefined, name: string): Obj {
    const o = this.store.get(rt, ns, name);
    if (!o) throw notFound(rt, name);
    return withType(rt, o);
  }

  find(rt: ResourceType, ns: string | undefined, name: string): Obj | undefined {
    const o = this.store.get(rt, ns, name);
    return o && withType(rt, o);
  }

  list(rt: ResourceType, ns: string | undefined, opts: ListOptions = {}): Obj[] {
    const labels = parseLabelSelector(opts.labelSelector);
    const fields = this.fieldFilter(rt, opts.fieldSelector, opts.version);
    return this.store
      .list(rt, ns)
      .filter((o) => matches(labels, labelsOf(o)) && fields(o))
      .map((o) => withType(rt, o));
  }

  /** A field selector as a filter (400 for a field the kind does not allow). */
  fieldFilter(rt: ResourceType, fieldSelector: string | null | undefined, version?: string): (o: Obj) => boolean {
    return parseFieldSelector(fieldSelector, selectableFields(rt, version));
  }

  /** Objects of `rt` in `ns` with `uid` among their ownerReferences (from the store's owner index). */
  ownedBy(rt: ResourceType, ns: string | undefined, uid: string): Obj[] {
    return this.store.dependents(uid, rt, ns).map((o) => withType(rt, o));
  }

  /** Objects of `rt` in `ns` that no controller owns (candidates for adoption). */
  uncontrolled(rt: ResourceType, ns: string | undefined): Obj[] {
    return this.store.uncontrolledOf(rt, ns).map((o) => withType(rt, o));
  }

  create(rt: ResourceType, ns: string | undefined, body: unknown, opts: WriteOptions): Obj {
    const o = this.checkBody(rt, ns, body, opts.version);
    const m = obj(o.metadata);
    if (!str(m.name) && str(m.generateName)) m.name = `${str(m.generateName)}${randomSuffix()}`;
    const name = str(m.name) ?? "";
    if (rt.namespaced) this.requireNamespace(ns ?? "");
    if (name && this.store.get(rt, ns, name)) throw alreadyExists(rt, name);
    return this.commit(rt, undefined, o, opts);
  }

  /** PUT: replace the object (or its status / scale). */
  update(rt: ResourceType, ns: string | undefined, name: string, body: unknown, opts: WriteOptions): Obj {
    if (opts.subresource === "scale") return this.updateScale(rt, ns, name, body, opts);
    const o = this.checkBody(rt, ns, body, opts.version, name);
    const old = this.store.get(rt, ns, name);
    if (!old) throw notFound(rt, name);
    return this.commit(rt, old, o, opts);
  }

  patch(rt: ResourceType, ns: string | undefined, name: string, raw: string, opts: PatchOptions): Obj {
    if (opts.contentType === PATCH_TYPES.apply) return this.apply(rt, ns, name, raw, opts);
    let patch: unknown;
    try {
      patch = JSON.parse(raw);
    } catch (e) {
      throw badRequest(`error decoding patch: ${(e as Error).message}`);
    }
    if (opts.force !== undefined) throw badRequest("force may not be specified for non-apply patch");
    if (rt.custom && opts.contentType === PATCH_TYPES.strategic) {
      throw new ApiError(
        "UnsupportedMediaType",
        `the body of the request was in an unknown format - accepted media types include: ${[PATCH_TYPES.json, PATCH_TYPES.merge, PATCH_TYPES.apply].join(", ")}`,
      );
    }
    if (opts.subresource === "scale") {
      const scale = this.getScale(rt, ns, name);
      const next = applyPatch(opts.contentType, scale, patch);
      return this.updateScale(rt, ns, name, next, opts);
    }
    const old = this.store.get(rt, ns, name);
    if (!old) throw notFound(rt, name);
    const next = applyPatch(opts.contentType, toServed(rt, withType(rt, clone(old)), opts.version), patch);
    return this.commit(rt, old, withType(rt, fromServed(rt, next, opts.version)), opts);
  }

  /** Server-side apply (`application/apply-patch+yaml`). */
  apply(rt: ResourceType, ns: string | undefined, name: string, raw: string, opts: PatchOptions): Obj {
    if (!opts.manager) throw badRequest("PATCH, application/apply-patch+yaml: fieldManager is required for apply requests");
    let body: unknown;
    try {
      body = parseYaml(raw, { maxAliasCount: 100 });
    } catch (e) {
      throw badRequest(`error decoding YAML: ${(e as Error).message}`);
    }
    const applied = this.checkBody(rt, ns, body, opts.version, name);
    const old = this.store.get(rt, ns, name);
    if (!old && rt.namespaced) this.requireNamespace(ns ?? "");
    if (opts.subresource === "scale") {
      return this.updateScale(rt, ns, name, applied, opts);
    }
    const rv = str(obj(applied.metadata).resourceVersion);
    if (old && rv && rv !== str(obj(old.metadata).resourceVersion)) throw conflict(rt, name);
    if (opts.subresource !== "status") delete applied.status;
    if (rt.custom) this.pruneCustom(rt, applied, opts);
    const merged = serverSideApply(old && withType(rt, old), applied, {
      rt,
      shape: shapeOf(rt),
      name,
      manager: opts.manager,
      force: opts.force ?? false,
      apiVersion: groupVersion(rt),
      now: now(),
    });
    return this.commit(rt, old, merged, { ...opts, tracked: true });
  }

  getScale(rt: ResourceType, ns: string | undefined, name: string): Obj {
    if (!rt.subresources.includes("scale")) throw notFound(rt, name);
    const o = this.get(rt, ns, name);
    const m = obj(o.metadata);
    const paths = scalePaths(rt);
    const selector = paths.selector ? (str(valueAtPath(o, paths.selector)) ?? "") : rt.custom ? "" : selectorString(obj(o.spec).selector);
    return {
      kind: "Scale",
      apiVersion: "autoscaling/v1",
      metadata: {
        name: m.name,
        namespace: m.namespace,
        uid: m.uid,
        resourceVersion: m.resourceVersion,
        creationTimestamp: m.creationTimestamp,
      },
      spec: { replicas: valueAtPath(o, paths.spec) ?? 0 },
      status: { replicas: valueAtPath(o, paths.status) ?? 0, selector },
    };
  }

  private updateScale(rt: ResourceType, ns: string | undefined, name: string, body: unknown, opts: WriteOptions): Obj {
    if (!rt.subresources.includes("scale")) throw notFound(rt, name);
    const scale = obj(body);
    const replicas = obj(scale.spec).replicas;
    if (typeof replicas !== "number" || !Number.isInteger(replicas) || replicas < 0) {
      throw new ApiError("Invalid", `Scale.autoscaling "${name}" is invalid: spec.replicas: Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`);
    }
    const old = this.store.get(rt, ns, name);
    if (!old) throw notFound(rt, name);
    const rv = str(obj(scale.metadata).resourceVersion);
    if (rv && rv !== str(obj(old.metadata).resourceVersion)) throw conflict(rt, name);
    const next = clone(old);
    const path = scalePaths(rt).spec;
    let parent = next;
    for (const k of path.slice(0, -1)) parent = child(parent, k);
    parent[path[path.length - 1] ?? "replicas"] = replicas;
    this.commit(rt, old, next, { ...opts, subresource: "scale" });
    return this.getScale(rt, ns, name);
  }

  delete(rt: ResourceType, ns: string | undefined, name: string, opts: DeleteOptions = {}): Obj {
    const old = this.store.get(rt, ns, name);
    if (!old) throw notFound(rt, name);
    const m = obj(old.metadata);
    const pre = opts.preconditions ?? {};
    if ((pre.uid && pre.uid !== m.uid) || (pre.resourceVersion && pre.resourceVersion !== m.resourceVersion)) {
      throw conflict(rt, name);
    }
    if (opts.dryRun) return withType(rt, old);
    if (rt === NAMESPACE) return this.terminateNamespace(old);
    if (rt === CRD) this.deleteCustomResources(old);
    const gone = this.store.remove(rt, ns, name) ?? old;
    this.collectDependents(str(m.uid) ?? "", ns, opts.propagationPolicy ?? "Background");
    if (rt === CRD) this.syncCrds();
    return withType(rt, gone);
  }

  /** Deleting a CRD deletes every object of its kind (a real server's finalizer does, then removes the CRD). */
  private deleteCustomResources(crd: Obj): void {
    const rt = customType(crd);
    for (const o of this.store.list(rt)) this.store.remove(rt, str(obj(o.metadata).namespace), str(obj(o.metadata).name) ?? "");
  }

  /**
   * Recomputes every CRD's status (names accepted in creation order) and serves the kinds of the
   * established ones: after each CRD write or delete, and at start-up (a restored cluster).
   */
  private syncCrds(): void {
    const crds = this.store.list(CRD);
    const conflicts = nameConflicts(crds);
    const types: ResourceType[] = [];
    for (const crd of crds) {
      const conflict = conflicts.get(str(obj(crd.metadata).name) ?? "");
      const status = crdStatus(crd, conflict, obj(crd.status), now());
      if (!deepEqual(status, crd.status)) this.store.put(CRD, { ...clone(crd), status });
      if (!conflict) types.push(customType(crd));
    }
    this.registry.setCustom(types);
  }

  /** Prunes what the schema does not specify; with `fieldValidation=Strict` such fields are refused instead. */
  private pruneCustom(rt: ResourceType, o: Obj, opts: WriteOptions): void {
    const version = opts.version ?? rt.version;
    const unknown = prune(o, schemaOf(rt, version));
    if (unknown.length && opts.fieldValidation === "Strict") {
      throw badRequest(`${rt.kind} in version "${version}" cannot be handled as a ${rt.kind}: strict decoding error: ${unknown.map((f) => `unknown field "${f}"`).join(", ")}`);
    }
  }

  /** Garbage collection: dependents of a deleted owner are deleted, or orphaned on request. */
  private collectDependents(uid: string, ns: string | undefined, policy: Propagation): void {
    if (!uid) return;
    for (const t of this.registry.types) {
      if (!t.namespaced || !ns) continue;
      for (const o of this.store.dependents(uid, t, ns)) {
        const refs = arr(obj(o.metadata).ownerReferences);
        const name = str(obj(o.metadata).name) ?? "";
        if (policy === "Orphan") {
          const next = clone(o);
          const rest = refs.filter((r) => obj(r).uid !== uid);
          if (rest.length) obj(next.metadata).ownerReferences = rest;
          else delete obj(next.metadata).ownerReferences;
          this.store.put(t, next);
        } else {
          this.delete(t, ns, name, { propagationPolicy: policy });
        }
      }
    }
  }

  /** Writes that controllers make (status, adoption): tracked under their own manager name. */
  writeAs(rt: ResourceType, old: Obj, next: Obj, manager: string, subresource?: "status"): Obj {
    return this.commit(rt, old, next, { manager, ...(subresource ? { subresource } : {}) });
  }

  /** Deleting a namespace marks it Terminating; the namespace controller empties and removes it. */
  private terminateNamespace(ns: Obj): Obj {
    if (obj(ns.metadata).deletionTimestamp) return withType(NAMESPACE, ns);
    const next = clone(ns);
    obj(next.metadata).deletionTimestamp = now();
    next.status = { ...obj(ns.status), phase: "Terminating" };
    return withType(NAMESPACE, this.store.put(NAMESPACE, next));
  }

  /** Removes a terminating namespace and everything in it. */
  purgeNamespace(name: string): void {
    for (const t of this.registry.types) {
      if (t.namespaced) for (const o of this.store.list(t, name)) this.store.remove(t, name, str(obj(o.metadata).name) ?? "");
    }
    this.store.remove(NAMESPACE, undefined, name);
  }

  private requireNamespace(ns: string): void {
    const namespace = this.store.get(NAMESPACE, undefined, ns);
    if (!namespace) throw notFound(NAMESPACE, ns);
    if (obj(namespace.metadata).deletionTimestamp) {
      throw new ApiError("Forbidden", `unable to create new content in namespace ${ns} because it is being terminated`, {
        name: ns,
        kind: "namespaces",
        causes: [{ type: "NamespaceTerminating", message: `namespace ${ns} is being terminated`, field: "metadata.namespace" }],
      });
    }
  }

  /** The body, checked against the request (version, kind, namespace, name), in the storage version. */
  private checkBody(rt: ResourceType, ns: string | undefined, body: unknown, version: string | undefined, name?: string): Obj {
    if (!isObj(body)) throw badRequest("the body of the request must be a JSON or YAML object");
    const o = clone(body);
    const gv = groupVersion({ group: rt.group, version: version ?? rt.version });
    if (o.apiVersion !== undefined && o.apiVersion !== gv) {
      throw badRequest(`the API version in the data (${String(o.apiVersion)}) does not match the expected API version (${gv})`);
    }
    if (o.kind !== undefined && o.kind !== rt.kind) {
      throw badRequest(`the kind in the data (${String(o.kind)}) does not match the expected kind (${rt.kind})`);
    }
    const m = child(o, "metadata");
    if (rt.namespaced) {
      if (m.namespace !== undefined && m.namespace !== ns) {
        throw badRequest("the namespace of the provided object does not match the namespace sent on the request");
      }
      m.namespace = ns;
    } else {
      delete m.namespace;
    }
    if (name !== undefined) {
      if (m.name !== undefined && m.name !== name) {
        throw badRequest("the name of the object does not match the name on the URL");
      }
      m.name = name;
    }
    return withType(rt, fromServed(rt, o, version));
  }

  private commit(
    rt: ResourceType,
    old: Obj | undefined,
    input: Obj,
    opts: WriteOptions & { tracked?: boolean },
  ): Obj {
    const next = clone(input);
    const m = child(next, "metadata");
    const name = str(m.name) ?? "";
    if (old) {
      const om = obj(old.metadata);
      const rv = str(m.resourceVersion);
      if (rv && rv !== om.resourceVersion) throw conflict(rt, name);
      for (const k of ["uid", "creationTimestamp", "generation", "deletionTimestamp"]) {
        if (om[k] === undefined) delete m[k];
        else m[k] = om[k];
      }
      if (!opts.tracked) m.managedFields = om.managedFields;
    } else {
      m.uid = randomUUID();
      m.creationTimestamp = now();
      delete m.deletionTimestamp;
      if (!opts.tracked) delete m.managedFields;
      if (rt === JOB) this.defaultJobSelector(next, str(m.uid) ?? "");
    }
    delete m.resourceVersion;
    delete m.selfLink;
    if (opts.subresource === "status") {
      const status = next.status;
      const base = old ? clone(old) : next;
      if (status === undefined) delete base.status;
      else base.status = status;
      delete obj(base.metadata).resourceVersion;
      if (rt.custom) this.prepare(rt, old, base, opts);
      return this.finish(rt, old, base, opts);
    }
    if (rt.subresources.includes("status") && rt !== NAMESPACE) {
      if (old?.status !== undefined) next.status = clone(old.status);
      else delete next.status;
    }
    this.prepare(rt, old, next, opts);
    if (rt.generation) {
      const oldGen = typeof obj(old?.metadata).generation === "number" ? (obj(old?.metadata).generation as number) : 0;
      m.generation = !old ? 1 : specChanged(old, next, rt.subresources.includes("status")) ? oldGen + 1 : oldGen;
    }
    if (rt === SERVICE && !old) allocateClusterIp(next, this.store.list(rt));
    if (rt === CRD) next.status = this.crdStatusOf(next);
    const out = this.finish(rt, old, next, opts);
    if (rt === CRD && !opts.dryRun) this.syncCrds();
    return out;
  }

  /** Defaulting and validation (422): the kind's rules, a CRD's, or a custom resource's schema. */
  private prepare(rt: ResourceType, old: Obj | undefined, next: Obj, opts: WriteOptions): void {
    const extra: StatusCause[] = [];
    if (rt.custom) {
      const schema = schemaOf(rt, opts.version);
      this.pruneCustom(rt, next, opts);
      applySchemaDefaults(next, schema);
      extra.push(...schemaCauses(next, schema));
    } else {
      applyDefaults(rt, next);
    }
    if (rt === CRD) {
      defaultCrd(next);
      extra.push(...crdCauses(next, old));
    }
    validate(rt, next, old, extra);
  }

  /** The status a CRD written now gets (its names judged against the other stored CRDs). */
  private crdStatusOf(crd: Obj): Obj {
    const name = str(obj(crd.metadata).name) ?? "";
    const others = this.store.list(CRD).filter((c) => obj(c.metadata).name !== name);
    const stored = this.store.get(CRD, undefined, name);
    return crdStatus(crd, nameConflicts([...others, crd]).get(name), obj(stored?.status), now());
  }

  private finish(rt: ResourceType, old: Obj | undefined, next: Obj, opts: WriteOptions & { tracked?: boolean }): Obj {
    if (!opts.tracked) {
      trackUpdate(old && withType(rt, old), next, {
        manager: opts.manager,
        shape: shapeOf(rt),
        apiVersion: groupVersion(rt),
        now: now(),
        ...(opts.subresource ? { subresource: opts.subresource } : {}),
      });
    }
    if (old && deepEqual(stripVolatile(old), stripVolatile(next))) return withType(rt, old);
    if (opts.dryRun) return withType(rt, { ...next, metadata: { ...obj(next.metadata), resourceVersion: obj(old?.metadata).resourceVersion } });
    return withType(rt, this.store.put(rt, next));
  }

  private defaultJobSelector(job: Obj, uid: string): void {
    const spec = child(job, "spec");
    const name = str(obj(job.metadata).name) ?? "";
    const tlabels = child(child(child(spec, "template"), "metadata"), "labels");
    Object.assign(tlabels, {
      "batch.kubernetes.io/controller-uid": uid,
      "batch.kubernetes.io/job-name": name,
      "controller-uid": uid,
      "job-name": name,
    });
    if (spec.selector === undefined) spec.selector = { matchLabels: { "batch.kubernetes.io/controller-uid": uid } };
  }
}

/** The object with apiVersion and kind of its resource type, first, as the API server serializes it. */
export function withType(rt: ResourceType, o: Obj): Obj {
  const { apiVersion: _a, kind: _k, ...rest } = o;
  return { apiVersion: groupVersion(rt), kind: rt.kind, ...rest };
}

function stripVolatile(o: Obj): Obj {
  const c = clone(o);
  const m = obj(c.metadata);
  delete m.resourceVersion;
  for (const f of arr(m.managedFields)) delete obj(f).time;
  delete c.apiVersion;
  delete c.kind;
  return c;
}

/** Whether a write changes more than metadata (and status, when that is a subresource): such writes bump generation. */
function specChanged(old: Obj, next: Obj, statusIsSubresource: boolean): boolean {
  const strip = (o: Obj): Obj => {
    const { metadata: _m, status, apiVersion: _a, kind: _k, ...rest } = o;
    return statusIsSubresource ? rest : { ...rest, status };
  };
  return !deepEqual(strip(old), strip(next));
}

function allocateClusterIp(svc: Obj, existing: Obj[]): void {
  const spec = child(svc, "spec");
  if (spec.clusterIP === "None" || typeof spec.clusterIP === "string") {
    spec.clusterIPs ??= [spec.clusterIP];
    return;
  }
  const used = new Set(existing.map((s) => obj(s.spec).clusterIP));
  let ip = "";
  for (let i = 0; i < 1000 && (!ip || used.has(ip)); i++) {
    ip = `10.96.${Math.floor(Math.random() * 255)}.${1 + Math.floor(Math.random() * 253)}`;
  }
  spec.clusterIP = ip;
  spec.clusterIPs = [ip];
}

export function selectorOf(o: Obj): ReturnType<typeof fromLabelSelector> {
  return fromLabelSelector(obj(o.spec).selector);
}
