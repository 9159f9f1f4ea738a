// metadata.managedFields: who owns which field. Server-side apply (merge, prune what the manager
// stopped applying, conflicts unless forced) and ownership transfer on ordinary writes.
import { ApiError, invalid, qualifiedResource } from "./errors";
import { allPaths, fieldSet, fromFieldsV1, mergeApplied, pathToString, removeAt, toFieldsV1, valueAt, type Shape } from "./fields";
import { arr, clone, deepEqual, isObj, obj, str, type Obj } from "./json";
import type { ResourceType } from "./registry";
import { duplicateCauses } from "./validate";

interface Owner {
  manager: string;
  operation: "Apply" | "Update";
  apiVersion: string;
  time: string;
  subresource?: string;
  paths: Set<string>;
}

function readOwners(o: Obj | undefined): Owner[] {
  return arr(obj(o?.metadata).managedFields).map((e) => {
    const m = obj(e);
    return {
      manager: str(m.manager) ?? "",
      operation: m.operation === "Apply" ? "Apply" : "Update",
      apiVersion: str(m.apiVersion) ?? "",
      time: str(m.time) ?? "",
      ...(str(m.subresource) ? { subresource: str(m.subresource) } : {}),
      paths: fromFieldsV1(m.fieldsV1),
    };
  });
}

function writeOwners(o: Obj, owners: Owner[]): void {
  const entries = owners
    .filter((w) => w.paths.size > 0)
    .map(({ paths, ...rest }) => ({
      manager: rest.manager,
      operation: rest.operation,
      apiVersion: rest.apiVersion,
      time: rest.time,
      fieldsType: "FieldsV1",
      fieldsV1: toFieldsV1([...paths].sort()),
      ...(rest.subresource ? { subresource: rest.subresource } : {}),
    }));
  const m = obj(o.metadata);
  if (entries.length) m.managedFields = entries;
  else delete m.managedFields;
  o.metadata = m;
}

function ownerFor(owners: Owner[], manager: string, operation: Owner["operation"], subresource?: string): Owner {
  let w = owners.find((x) => x.manager === manager && x.operation === operation && x.subresource === subresource);
  if (!w) {
    w = { manager, operation, apiVersion: "", time: "", ...(subresource ? { subresource } : {}), paths: new Set() };
    owners.push(w);
  }
  return w;
}

function dropPath(paths: Set<string>, gone: string): void {
  for (const p of paths) if (p === gone || p.startsWith(`${gone}\n`)) paths.delete(p);
}

export interface ApplyRequest {
  rt: ResourceType;
  /** The kind's list-maps (schema.ts for custom resources). */
  shape: Shape;
  name: string;
  manager: string;
  force: boolean;
  apiVersion: string;
  now: string;
}

/** Server-side apply of `applied` onto `live` (undefined when the object does not exist yet). */
export function serverSideApply(live: Obj | undefined, applied: Obj, req: ApplyRequest): Obj {
  const cfg = clone(applied);
  const cfgMeta = obj(cfg.metadata);
  delete cfgMeta.managedFields;
  cfg.metadata = cfgMeta;
  const duplicates = duplicateCauses(cfg, req.shape);
  if (duplicates.length) throw invalid(req.rt, req.name, duplicates);
  const base = live ? clone(live) : {};
  const owners = readOwners(live);
  const applying = fieldSet(cfg, req.shape);
  const appliedPaths = allPaths(applying);
  // Entries are identified by (manager, operation, subresource): the applier's own Update entries
  // (merge patches, the scale subresource) are other owners to its Apply entry, as on a real server.
  const mine = ownerFor(owners, req.manager, "Apply");
  const others = owners.filter((w) => w !== mine);

  const conflicts: { path: string; managers: Owner[] }[] = [];
  for (const p of applying.leaves) {
    const holders = others.filter((w) => w.paths.has(p));
    if (holders.length && !deepEqual(valueAt(base, p), valueAt(cfg, p))) conflicts.push({ path: p, managers: holders });
  }
  if (conflicts.length && !req.force) throw applyConflict(req, conflicts);
  for (const c of conflicts) for (const w of c.managers) w.paths.delete(c.path);

  const keptByOthers = new Set(others.flatMap((w) => [...w.paths]));
  const stale = [...mine.paths].filter((p) => !appliedPaths.has(p) && !keptByOthers.has(p));
  // A stale list item goes as a whole: removing its key fields first would leave an item that
  // its key no longer finds (and a list that is no longer a list-map).
  const staleItems = stale.filter((p) => p.slice(p.lastIndexOf("\n") + 1).startsWith("k:"));
  const removed = stale.filter((p) => !staleItems.some((item) => p.startsWith(`${item}\n`)));
  for (const p of removed.sort((a, b) => b.split("\n").length - a.split("\n").length)) {
    removeAt(base, p);
    pruneEmptyParents(base, p, (q) => appliedPaths.has(q) || keptByOthers.has(q));
  }

  const result = mergeApplied(base, cfg, req.shape) as Obj;
  mine.paths = appliedPaths;
  mine.apiVersion = req.apiVersion;
  mine.time = req.now;
  writeOwners(result, owners);
  return result;
}

/** After pruning `path`, drops the maps and lists above it that became empty and nobody owns. */
function pruneEmptyParents(o: Obj, path: string, owned: (p: string) => boolean): void {
  const els = path.split("\n");
  for (let n = els.length - 1; n > 0; n--) {
    const parent = els.slice(0, n).join("\n");
    const v = valueAt(o, parent);
    const empty = Array.isArray(v) ? v.length === 0 : isObj(v) && Object.keys(v).length === 0;
    if (!empty || owned(parent)) return;
    removeAt(o, parent);
  }
}

function applyConflict(req: ApplyRequest, conflicts: { path: string; managers: Owner[] }[]): ApiError {
  const n = conflicts.length;
  const lines = conflicts.map((c) => {
    const who = c.managers.map((w) => `"${w.manager}"`).join(", ");
    const apiVersion = c.managers[0]?.apiVersion ?? req.apiVersion;
    return { text: `conflict with ${who} using ${apiVersion}: ${pathToString(c.path)}`, field: pathToString(c.path) };
  });
  const message =
    n === 1
      ? `Apply failed with 1 conflict: ${lines[0]?.text ?? ""}`
      : `Apply failed with ${n} conflicts: ${lines.map((l) => l.text).join("\n")}`;
  return new ApiError("Conflict", message, {
    name: req.name,
    ...(req.rt.group ? { group: req.rt.group } : {}),
    kind: qualifiedResource(req.rt),
    causes: lines.map((l) => ({ type: "FieldManagerConflict", message: l.text, field: l.field })),
  });
}

export interface UpdateRequest {
  manager: string;
  shape: Shape;
  apiVersion: string;
  now: string;
  subresource?: string;
}

/** Ordinary write (create/update/patch): the writer takes ownership of every field it changed. */
export function trackUpdate(old: Obj | undefined, next: Obj, req: UpdateRequest): void {
  const withStatus = req.subresource === "status";
  const before = old ? fieldSet(old, req.shape, withStatus) : { leaves: new Set<string>(), nodes: new Set<string>() };
  const beforeAll = allPaths(before);
  const after = fieldSet(next, req.shape, withStatus);
  const afterAll = allPaths(after);
  const changed = new Set<string>();
  for (const p of after.leaves) if (!old || !deepEqual(valueAt(old, p), valueAt(next, p))) changed.add(p);
  for (const p of after.nodes) if (!beforeAll.has(p)) changed.add(p);
  const removed = [...beforeAll].filter((p) => !afterAll.has(p));

  const owners = old ? readOwners(old) : [];
  for (const w of owners) {
    for (const p of changed) w.paths.delete(p);
    for (const p of removed) dropPath(w.paths, p);
  }
  if (changed.size) {
    const w = ownerFor(owners, req.manager, "Update", req.subresource);
    for (const p of changed) w.paths.add(p);
    w.apiVersion = req.apiVersion;
    w.time = req.now;
  }
  writeOwners(next, owners);
}
