// The API server's storage semantics on top of the Store: create / update / patch / apply /
// delete with resourceVersion preconditions, generation, uid, timestamps, defaulting,
// validation, managedFields, the status and scale subresources and garbage collection.
import { randomUUID } from "node:crypto";
import { parse as parseYaml } from "yaml";
import { ApiError, alreadyExists, badRequest, conflict, notFound } from "./errors";
import { arr, child, clone, deepEqual, isObj, labelsOf, obj, str, type Obj } from "./json";
import { serverSideApply, trackUpdate } from "./managed";
import { fromServed, toServed } from "./convert";
import { applyDefaults } from "./defaults";
import { applyPatch, PATCH_TYPES } from "./patch";
import { RESOURCE_TYPES, groupVersion, resourceByKind, type ResourceType } from "./registry";
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
}

export interface PatchOptions extends WriteOptions {
  contentType: string;
  force?: boolean;
}

export interface ListOptions {
  labelSelector?: string | null;
  fieldSelector?: string | null;
}

export type Propagation = "Background" | "Foreground" | "Orphan";

export interface DeleteOptions {
  propagationPolicy?: Propagation;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
}

const NAMESPACE = resourceByKind("Namespace");

export class ClusterApi {
  constructor(readonly store: Store) {}

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
    const fields = parseFieldSelector(opts.fieldSelector);
    return this.store
      .list(rt, ns)
      .filter((o) => matches(labels, labelsOf(o)) && fields(o))
      .map((o) => withType(rt, o));
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
    const merged = serverSideApply(old && withType(rt, old), applied, {
      rt,
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
    const spec = obj(o.spec);
    const status = obj(o.status);
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
      spec: { replicas: spec.replicas ?? 0 },
      status: { replicas: status.replicas ?? 0, selector: selectorString(spec.selector) },
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
    child(next, "spec").replicas = replicas;
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
    if (rt.kind === "Namespace") return this.terminateNamespace(old);
    const gone = this.store.remove(rt, ns, name) ?? old;
    this.collectDependents(str(m.uid) ?? "", ns, opts.propagationPolicy ?? "Background");
    return withType(rt, gone);
  }

  /** Garbage collection: dependents of a deleted owner are deleted, or orphaned on request. */
  private collectDependents(uid: string, ns: string | undefined, policy: Propagation): void {
    if (!uid) return;
    for (const t of RESOURCE_TYPES) {
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
    for (const t of RESOURCE_TYPES) {
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
      if (rt.kind === "Job") this.defaultJobSelector(next, str(m.uid) ?? "");
    }
    delete m.resourceVersion;
    delete m.selfLink;
    if (opts.subresource === "status") {
      const status = next.status;
      const base = old ? clone(old) : next;
      if (status === undefined) delete base.status;
      else base.status = status;
      delete obj(base.metadata).resourceVersion;
      return this.finish(rt, old, base, opts);
    }
    if (rt.subresources.includes("status") && rt.kind !== "Namespace") {
      if (old?.status !== undefined) next.status = clone(old.status);
      else delete next.status;
    }
    applyDefaults(rt, next);
    validate(rt, next, old);
    if (rt.generation) {
      const oldGen = typeof obj(old?.metadata).generation === "number" ? (obj(old?.metadata).generation as number) : 0;
      m.generation = !old ? 1 : specChanged(old, next) ? oldGen + 1 : oldGen;
    }
    if (rt.kind === "Service" && !old) allocateClusterIp(next, this.store.list(rt));
    return this.finish(rt, old, next, opts);
  }

  private finish(rt: ResourceType, old: Obj | undefined, next: Obj, opts: WriteOptions & { tracked?: boolean }): Obj {
    if (!opts.tracked) {
      trackUpdate(old && withType(rt, old), next, {
        manager: opts.manager,
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

function specChanged(old: Obj, next: Obj): boolean {
  const strip = (o: Obj): Obj => {
    const { metadata: _m, status: _s, apiVersion: _a, kind: _k, ...rest } = o;
    return rest;
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
