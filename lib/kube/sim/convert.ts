// Conversion between a resource's storage version and the older versions it is also served in, as
// the API server converts: objects are stored once and read and written in any served version.
// Today that is the HorizontalPodAutoscaler, stored as autoscaling/v2 and served as v1 too:
//
//   v1 spec.targetCPUUtilizationPercentage: 80
//     ⇄ v2 spec.metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 80}}}]
//   v1 status.currentCPUUtilizationPercentage: 40
//     ⇄ v2 status.currentMetrics: [{type: Resource, resource: {name: cpu, current: {averageUtilization: 40}}}]
//
// What v1 has no field for (other metrics, behavior, conditions) travels in the annotations the API
// server uses for it (autoscaling.alpha.kubernetes.io/metrics, ...), as v2 JSON, so a v1 round trip
// loses nothing.
//
// Custom resources convert as a CRD's `conversion: {strategy: None}` says: only apiVersion changes.
import { badRequest } from "./errors";
import { arr, child, clone, isObj, num, obj, type Obj } from "./json";
import { groupVersion, type ResourceType } from "./registry";

interface Converter {
  /** Storage version → the served version. */
  down(o: Obj): Obj;
  /** Served version → the storage version. */
  up(o: Obj): Obj;
}

const CARRIED = [
  { section: "spec", field: "metrics", annotation: "autoscaling.alpha.kubernetes.io/metrics" },
  { section: "spec", field: "behavior", annotation: "autoscaling.alpha.kubernetes.io/behavior" },
  { section: "status", field: "currentMetrics", annotation: "autoscaling.alpha.kubernetes.io/current-metrics" },
  { section: "status", field: "conditions", annotation: "autoscaling.alpha.kubernetes.io/conditions" },
] as const;

const CPU = [
  { section: "spec", list: "metrics", v1: "targetCPUUtilizationPercentage", value: "target" },
  { section: "status", list: "currentMetrics", v1: "currentCPUUtilizationPercentage", value: "current" },
] as const;

function cpuUtilization(metric: unknown, value: "target" | "current"): number | undefined {
  const m = obj(metric);
  const resource = obj(m.resource);
  const v = obj(resource[value]);
  if (m.type !== "Resource" || resource.name !== "cpu" || (value === "target" && v.type !== "Utilization")) return undefined;
  return num(v.averageUtilization);
}

function cpuMetric(averageUtilization: number, value: "target" | "current"): Obj {
  const v = value === "target" ? { type: "Utilization", averageUtilization } : { averageUtilization };
  return { type: "Resource", resource: { name: "cpu", [value]: v } };
}

const hpaV1: Converter = {
  down(o) {
    const out = clone(o);
    for (const { section, list, v1, value } of CPU) {
      const s = out[section];
      if (!isObj(s) || !Array.isArray(s[list])) continue;
      const items = s[list] as unknown[];
      const at = items.findIndex((m) => cpuUtilization(m, value) !== undefined);
      if (at >= 0) s[v1] = cpuUtilization(items.splice(at, 1)[0], value);
      if (items.length === 0) delete s[list];
    }
    const annotations: Record<string, string> = {};
    for (const { section, field, annotation } of CARRIED) {
      const s = out[section];
      if (!isObj(s) || s[field] === undefined) continue;
      annotations[annotation] = JSON.stringify(s[field]);
      delete s[field];
    }
    if (Object.keys(annotations).length) Object.assign(child(child(out, "metadata"), "annotations"), annotations);
    return out;
  },
  up(o) {
    const out = clone(o);
    const metadata = obj(out.metadata);
    const annotations = obj(metadata.annotations);
    for (const { section, field, annotation } of CARRIED) {
      const text = annotations[annotation];
      if (text === undefined) continue;
      try {
        child(out, section)[field] = JSON.parse(String(text)) as unknown;
      } catch {
        throw badRequest(`metadata.annotations[${annotation}]: not valid JSON`);
      }
      delete annotations[annotation];
    }
    if (isObj(metadata.annotations) && Object.keys(annotations).length === 0) delete metadata.annotations;
    for (const { section, list, v1, value } of CPU) {
      const s = out[section];
      if (!isObj(s) || s[v1] === undefined) continue;
      const utilization = num(s[v1]);
      if (utilization === undefined || !Number.isInteger(utilization)) throw badRequest(`${section}.${v1}: must be an integer, not ${JSON.stringify(s[v1])}`);
      delete s[v1];
      s[list] = [cpuMetric(utilization, value), ...arr(s[list])];
    }
    return out;
  },
};

const CONVERTERS: Record<string, Converter> = { "autoscaling/v1/HorizontalPodAutoscaler": hpaV1 };

function converter(rt: ResourceType, version: string): Converter {
  const c = CONVERTERS[`${groupVersion({ group: rt.group, version })}/${rt.kind}`];
  if (!c) throw new Error(`simulator has no conversion of ${rt.kind} to ${version}`);
  return c;
}

/** A stored object as the client asked for it: in `version` when that is not the storage version. */
export function toServed(rt: ResourceType, o: Obj, version: string | undefined): Obj {
  if (!version || version === rt.version) return o;
  if (rt.custom) return { ...o, apiVersion: groupVersion({ group: rt.group, version }) };
  const { apiVersion: _a, kind, ...rest } = converter(rt, version).down(o);
  return { apiVersion: groupVersion({ group: rt.group, version }), kind, ...rest };
}

/** An object the client sent in `version`, in the storage version (apiVersion is left to the caller). */
export function fromServed(rt: ResourceType, o: Obj, version: string | undefined): Obj {
  if (!version || version === rt.version || rt.custom) return o;
  return converter(rt, version).up(o);
}
