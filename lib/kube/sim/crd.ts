// CustomResourceDefinitions (apiextensions.k8s.io/v1) as a 1.32 API server handles them:
// defaulting and validation of the CRD object, its status (names accepted in creation order — a
// CRD whose plural, singular, kind, listKind or short names clash with an older one of its group
// is not Established), and the ResourceType its established names serve (registry.ts).
//
//   status:
//     acceptedNames: {plural, singular, kind, listKind, shortNames?, categories?}
//     conditions: [NamesAccepted True NoConflicts, Established True InitialNamesAccepted]
//     storedVersions: every version that has been the storage version
import type { StatusCause } from "./errors";
import { arr, child, isObj, obj, str, type Obj } from "./json";
import { compareVersions, resourceByKind, type CustomVersion, type PrinterColumn, type ResourceType, type Subresource } from "./registry";
import { dnsLabel, dnsSubdomain, required } from "./validate";

export const CRD = resourceByKind("CustomResourceDefinition");

const PROTECTED_GROUP = /(^|\.)(k8s\.io|kubernetes\.io)$/;
const APPROVAL = "api-approved.kubernetes.io";

function setDefault(o: Obj, key: string, value: unknown): void {
  if (o[key] === undefined) o[key] = value;
}

export function defaultCrd(crd: Obj): void {
  const spec = child(crd, "spec");
  const names = child(spec, "names");
  const kind = str(names.kind);
  if (kind) {
    setDefault(names, "singular", kind.toLowerCase());
    setDefault(names, "listKind", `${kind}List`);
  }
  setDefault(spec, "conversion", { strategy: "None" });
}

function versionsOf(crd: Obj): Obj[] {
  return arr(obj(crd.spec).versions).map(obj);
}

function storageVersion(crd: Obj): string | undefined {
  return str(versionsOf(crd).find((v) => v.storage === true)?.name);
}

function invalidValue(field: string, value: unknown, message: string): StatusCause {
  return { type: "FieldValueInvalid", message: `Invalid value: ${JSON.stringify(value) ?? "null"}: ${message}`, field };
}

/** Every node below the root needs a type, except int-or-string and preserve-unknown-fields nodes (a structural schema). */
function structuralCauses(schema: Obj, path: string, what: "object fields" | "array items" | "root"): StatusCause[] {
  const causes: StatusCause[] = [];
  const typed = str(schema.type) !== undefined || schema["x-kubernetes-int-or-string"] === true || schema["x-kubernetes-preserve-unknown-fields"] === true;
  if (!typed) causes.push({ type: "FieldValueRequired", message: `Required value: must not be empty for specified ${what}`, field: `${path}.type` });
  if (what === "root" && str(schema.type) !== undefined && schema.type !== "object") causes.push(invalidValue(`${path}.type`, schema.type, "must be object at the root"));
  for (const [k, v] of Object.entries(obj(schema.properties))) causes.push(...structuralCauses(obj(v), `${path}.properties[${k}]`, "object fields"));
  if (isObj(schema.additionalProperties)) causes.push(...structuralCauses(schema.additionalProperties, `${path}.additionalProperties`, "object fields"));
  if (isObj(schema.items)) causes.push(...structuralCauses(schema.items, `${path}.items`, "array items"));
  return causes;
}

function nameCauses(value: unknown, field: string, rule: (name: string) => string[]): StatusCause[] {
  const name = str(value);
  if (!name) return [required(field)];
  return rule(name).map((m) => invalidValue(field, name, m));
}

/** The CRD rules a real server checks most often (its name, names, scope, versions, schemas), as 422 causes. */
export function crdCauses(crd: Obj, old: Obj | undefined): StatusCause[] {
  const spec = obj(crd.spec);
  const names = obj(spec.names);
  const group = str(spec.group) ?? "";
  const causes: StatusCause[] = [];
  const name = str(obj(crd.metadata).name) ?? "";
  if (name && name !== `${str(names.plural) ?? ""}.${group}`) causes.push(invalidValue("metadata.name", name, 'must be spec.names.plural+"."+spec.group'));
  if (!group) causes.push(required("spec.group"));
  else if (!group.includes(".")) causes.push(invalidValue("spec.group", group, "should be a domain with at least one dot"));
  else causes.push(...dnsSubdomain(group).map((m) => invalidValue("spec.group", group, m)));
  if (PROTECTED_GROUP.test(group) && obj(obj(crd.metadata).annotations)[APPROVAL] === undefined) {
    causes.push({
      type: "FieldValueRequired",
      message: `Required value: protected groups must have approval annotation "${APPROVAL}", see https://github.com/kubernetes/enhancements/pull/1111`,
      field: `metadata.annotations[${APPROVAL}]`,
    });
  }
  causes.push(...nameCauses(names.plural, "spec.names.plural", dnsLabel));
  causes.push(...nameCauses(names.singular, "spec.names.singular", dnsLabel));
  if (!str(names.kind)) causes.push(required("spec.names.kind"));
  arr(names.shortNames).forEach((s, i) => causes.push(...nameCauses(s, `spec.names.shortNames[${i}]`, dnsLabel)));
  if (spec.scope !== "Namespaced" && spec.scope !== "Cluster") {
    causes.push({ type: "FieldValueNotSupported", message: `Unsupported value: ${JSON.stringify(spec.scope ?? "")}: supported values: "Cluster", "Namespaced"`, field: "spec.scope" });
  }
  if (old && obj(old.spec).scope !== spec.scope) causes.push(invalidValue("spec.scope", spec.scope, "field is immutable"));
  const versions = versionsOf(crd);
  if (versions.length === 0) causes.push({ type: "FieldValueInvalid", message: "Invalid value: null: must have exactly one version marked as storage version", field: "spec.versions" });
  else if (versions.filter((v) => v.storage === true).length !== 1) {
    causes.push(invalidValue("spec.versions", versions.map((v) => ({ name: v.name, storage: v.storage })), "must have exactly one version marked as storage version"));
  }
  versions.forEach((v, i) => {
    causes.push(...nameCauses(v.name, `spec.versions[${i}].name`, dnsLabel));
    const schema = obj(v.schema).openAPIV3Schema;
    if (!isObj(schema)) causes.push({ type: "FieldValueRequired", message: "Required value: schemas are required", field: `spec.versions[${i}].schema.openAPIV3Schema` });
    else causes.push(...structuralCauses(schema, `spec.versions[${i}].schema.openAPIV3Schema`, "root"));
  });
  const served = new Set(versions.map((v) => str(v.name)));
  arr(obj(old?.status).storedVersions).forEach((v, i) => {
    if (!served.has(str(v))) causes.push(invalidValue(`status.storedVersions[${i}]`, v, "must appear in spec.versions"));
  });
  return causes;
}

export interface NameConflict {
  reason: string;
  message: string;
}

function established(crd: Obj): boolean {
  return arr(obj(crd.status).conditions).some((c) => obj(c).type === "Established" && obj(c).status === "True");
}

/**
 * The names' clash with an earlier CRD of the same group, per CRD name (undefined: accepted).
 * Earlier: established before, then created before (then by name).
 */
export function nameConflicts(crds: Obj[]): Map<string, NameConflict | undefined> {
  const rank = (c: Obj): string => `${established(c) ? 0 : 1} ${str(obj(c.metadata).creationTimestamp) ?? ""} ${str(obj(c.metadata).name) ?? ""}`;
  const order = [...crds].sort((a, b) => (rank(a) < rank(b) ? -1 : rank(a) > rank(b) ? 1 : 0));
  const taken = new Map<string, Set<string>>();
  const out = new Map<string, NameConflict | undefined>();
  for (const crd of order) {
    const spec = obj(crd.spec);
    const names = obj(spec.names);
    const used = taken.get(str(spec.group) ?? "") ?? new Set<string>();
    const checks: [string, unknown[]][] = [
      ["PluralConflict", [names.plural]],
      ["SingularConflict", [names.singular]],
      ["ShortNamesConflict", arr(names.shortNames)],
      ["KindConflict", [names.kind]],
      ["ListKindConflict", [names.listKind]],
    ];
    let conflict: NameConflict | undefined;
    for (const [reason, values] of checks) {
      const clash = values.map(String).find((v) => used.has(v));
      if (clash !== undefined) {
        conflict = { reason, message: `"${clash}" is already in use` };
        break;
      }
    }
    out.set(str(obj(crd.metadata).name) ?? "", conflict);
    if (!conflict) {
      for (const [, values] of checks) for (const v of values) used.add(String(v));
      taken.set(str(spec.group) ?? "", used);
    }
  }
  return out;
}

function condition(type: string, ok: boolean, reason: string, message: string, old: Obj, t: string): Obj {
  const previous = arr(old.conditions).map(obj).find((c) => c.type === type);
  const status = ok ? "True" : "False";
  const lastTransitionTime = previous?.status === status && str(previous.lastTransitionTime) ? previous.lastTransitionTime : t;
  return { lastTransitionTime, message, reason, status, type };
}

/** The status the server reports for `crd` (`old`: its current status, for transition times and storedVersions). */
export function crdStatus(crd: Obj, conflict: NameConflict | undefined, old: Obj, t: string): Obj {
  const names = obj(obj(crd.spec).names);
  const storage = storageVersion(crd);
  const stored = arr(old.storedVersions).filter((v): v is string => typeof v === "string");
  const acceptedNames = conflict ? obj(old.acceptedNames) : names;
  return {
    acceptedNames: Object.keys(acceptedNames).length ? acceptedNames : { kind: "", plural: "" },
    conditions: [
      condition("NamesAccepted", !conflict, conflict?.reason ?? "NoConflicts", conflict?.message ?? "no conflicts found", old, t),
      condition("Established", !conflict, conflict ? "NotAccepted" : "InitialNamesAccepted", conflict ? "not all names are accepted" : "the initial names have been accepted", old, t),
    ],
    storedVersions: storage && !stored.includes(storage) ? [...stored, storage] : stored,
  };
}

function columnsOf(version: Obj): PrinterColumn[] {
  return arr(version.additionalPrinterColumns)
    .map(obj)
    .filter((c) => str(c.name) && str(c.jsonPath))
    .map((c) => ({
      name: str(c.name) ?? "",
      type: str(c.type) ?? "string",
      jsonPath: str(c.jsonPath) ?? "",
      ...(str(c.format) ? { format: str(c.format) } : {}),
      ...(str(c.description) ? { description: str(c.description) } : {}),
      ...(typeof c.priority === "number" ? { priority: c.priority } : {}),
    }));
}

/** The kind an (accepted) CRD serves. */
export function customType(crd: Obj): ResourceType {
  const spec = obj(crd.spec);
  const names = obj(spec.names);
  const kind = str(names.kind) ?? "";
  const storage = storageVersion(crd) ?? "";
  const versions: Record<string, CustomVersion> = {};
  for (const v of versionsOf(crd)) {
    if (v.served !== true || !str(v.name)) continue;
    versions[str(v.name) ?? ""] = {
      schema: isObj(obj(v.schema).openAPIV3Schema) ? (obj(v.schema).openAPIV3Schema as Obj) : undefined,
      columns: columnsOf(v),
      selectableFields: arr(v.selectableFields).map((f) => str(obj(f).jsonPath)).filter((p): p is string => !!p),
    };
  }
  const stored = obj(versionsOf(crd).find((v) => v.name === storage)?.subresources);
  const scale = obj(stored.scale);
  const subresources: Subresource[] = [...(isObj(stored.status) ? (["status"] as const) : []), ...(isObj(stored.scale) ? (["scale"] as const) : [])];
  return {
    group: str(spec.group) ?? "",
    version: storage,
    alsoServedIn: Object.keys(versions).filter((v) => v !== storage).sort(compareVersions),
    kind,
    plural: str(names.plural) ?? "",
    singular: str(names.singular) ?? kind.toLowerCase(),
    namespaced: spec.scope !== "Cluster",
    shortNames: arr(names.shortNames).filter((s): s is string => typeof s === "string"),
    subresources,
    generation: true,
    categories: arr(names.categories).filter((s): s is string => typeof s === "string"),
    custom: {
      crd: str(obj(crd.metadata).name) ?? "",
      listKind: str(names.listKind) ?? `${kind}List`,
      versions,
      ...(isObj(stored.scale)
        ? {
            scale: {
              specReplicasPath: str(scale.specReplicasPath) ?? ".spec.replicas",
              statusReplicasPath: str(scale.statusReplicasPath) ?? ".status.replicas",
              ...(str(scale.labelSelectorPath) ? { labelSelectorPath: str(scale.labelSelectorPath) } : {}),
            },
          }
        : {}),
    },
  };
}
