// Validation the API server would answer with 422 Invalid (a useful subset).
import { invalid, type StatusCause } from "./errors";
import { BUILTIN_SHAPE, duplicateItems, type Shape } from "./fields";
import { arr, deepEqual, isObj, obj, str, type Obj } from "./json";
import type { ResourceType } from "./registry";
import { fromLabelSelector, matches } from "./selectors";
import { nameProblems } from "@/lib/materialize/object-names";

export { dnsLabel, dnsSubdomain } from "@/lib/materialize/object-names";

function nameCauses(rt: ResourceType, o: Obj): StatusCause[] {
  const name = str(obj(o.metadata).name) ?? "";
  if (!name) return [{ ...required("metadata.name"), message: "Required value: name or generateName is required" }];
  const messages = nameProblems(rt.custom ? undefined : rt.group, rt.kind, name);
  if (rt.group === "apiregistration.k8s.io" && rt.kind === "APIService") {
    const spec = obj(o.spec);
    if (name !== `${str(spec.version) ?? ""}.${str(spec.group) ?? ""}`) messages.push('must be `spec.version+"."+spec.group`');
  }
  return messages.map((m) => ({ type: "FieldValueInvalid", message: `Invalid value: "${name}": ${m}`, field: "metadata.name" }));
}

export function required(field: string): StatusCause {
  return { type: "FieldValueRequired", message: "Required value", field };
}

function podSpecCauses(spec: unknown, path: string): StatusCause[] {
  const containers = arr(obj(spec).containers);
  if (containers.length === 0) return [required(`${path}.containers`)];
  const causes: StatusCause[] = [];
  containers.forEach((c, i) => {
    if (!str(obj(c).name)) causes.push(required(`${path}.containers[${i}].name`));
    if (!str(obj(c).image)) causes.push(required(`${path}.containers[${i}].image`));
  });
  return causes;
}

function templateCauses(spec: Obj, old: Obj | undefined): StatusCause[] {
  const causes: StatusCause[] = [];
  if (!isObj(spec.selector)) return [required("spec.selector")];
  const labels = obj(obj(obj(spec.template).metadata).labels) as Record<string, string>;
  const sel = fromLabelSelector(spec.selector);
  if (sel.length === 0) causes.push({ type: "FieldValueInvalid", message: "Invalid value: empty selector is invalid for deployment", field: "spec.selector" });
  else if (!matches(sel, labels)) {
    causes.push({
      type: "FieldValueInvalid",
      message: `Invalid value: ${JSON.stringify(labels)}: \`selector\` does not match template \`labels\``,
      field: "spec.template.metadata.labels",
    });
  }
  if (old && isObj(obj(old.spec).selector) && !deepEqual(obj(old.spec).selector, spec.selector)) {
    causes.push({ type: "FieldValueInvalid", message: "Invalid value: field is immutable", field: "spec.selector" });
  }
  causes.push(...podSpecCauses(obj(spec.template).spec, "spec.template.spec"));
  return causes;
}

/** List-map items that repeat an earlier item's key (`spec.ports[1]: Duplicate value: [port=53,protocol="TCP"]`). */
export function duplicateCauses(o: Obj, shape: Shape, only: (field: string) => boolean = () => true): StatusCause[] {
  return duplicateItems(o, shape)
    .filter((d) => only(d.field))
    .map((d) => ({ type: "FieldValueDuplicate", message: `Duplicate value: ${d.key}`, field: d.field }));
}

/** Refuses (422) an object with an invalid name or spec; `extra`: causes the caller found (schema, CRD rules). */
export function validate(rt: ResourceType, o: Obj, old: Obj | undefined, extra: StatusCause[] = []): void {
  const name = str(obj(o.metadata).name) ?? "";
  const causes = [...nameCauses(rt, o), ...extra];
  const spec = obj(o.spec);
  switch (rt.custom ? "" : rt.kind) {
    case "Pod":
      causes.push(...podSpecCauses(spec, "spec"));
      break;
    case "Deployment":
    case "StatefulSet":
    case "ReplicaSet":
    case "DaemonSet":
      causes.push(...templateCauses(spec, old));
      if (typeof spec.replicas === "number" && spec.replicas < 0) {
        causes.push({ type: "FieldValueInvalid", message: "Invalid value: must be greater than or equal to 0", field: "spec.replicas" });
      }
      break;
    case "Job": {
      causes.push(...podSpecCauses(obj(spec.template).spec, "spec.template.spec"));
      const policy = obj(obj(spec.template).spec).restartPolicy;
      if (policy !== "Never" && policy !== "OnFailure") {
        causes.push({ type: "FieldValueNotSupported", message: `Unsupported value: "${String(policy)}": supported values: "OnFailure", "Never"`, field: "spec.template.spec.restartPolicy" });
      }
      break;
    }
    case "Service":
      arr(spec.ports).forEach((p, i) => {
        if (typeof obj(p).port !== "number") causes.push(required(`spec.ports[${i}].port`));
      });
      // Two ports with one (port, protocol); container ports may repeat (a real server only warns),
      // except in a server-side apply, which refuses a repeated key in any list-map (managed.ts).
      causes.push(...duplicateCauses(o, BUILTIN_SHAPE, (field) => /^spec\.ports\[\d+\]$/.test(field)));
      break;
  }
  if (causes.length) throw invalid(rt, name, causes);
}
