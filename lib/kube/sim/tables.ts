// Server-side printing: `Table` responses (meta.k8s.io) with the columns kubectl shows per kind.
import { arr, labelsOf, num, obj, str, type Obj } from "./json";
import type { ResourceType } from "./registry";
import { selectorString } from "./selectors";

interface Column {
  name: string;
  type: string;
  format?: string;
  priority?: number;
  cell: (o: Obj) => string | number | boolean | null;
}

function age(o: Obj): string {
  const t = Date.parse(str(obj(o.metadata).creationTimestamp) ?? "");
  return Number.isFinite(t) ? duration(Date.now() - t) : "<unknown>";
}

export function duration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return `${m}m${s % 60 ? `${s % 60}s` : ""}`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 8) return `${h}h${m % 60 ? `${m % 60}m` : ""}`;
  if (h < 48) return `${h}h`;
  return `${Math.floor(h / 24)}d`;
}

const NAME: Column = { name: "Name", type: "string", format: "name", cell: (o) => str(obj(o.metadata).name) ?? "" };
const AGE: Column = { name: "Age", type: "string", cell: age };

function containersOf(o: Obj): Obj[] {
  return arr(obj(obj(obj(o.spec).template).spec).containers).map(obj);
}

const CONTAINERS: Column = { name: "Containers", type: "string", priority: 1, cell: (o) => containersOf(o).map((c) => String(c.name)).join(",") };
const IMAGES: Column = { name: "Images", type: "string", priority: 1, cell: (o) => containersOf(o).map((c) => String(c.image)).join(",") };
const SELECTOR: Column = { name: "Selector", type: "string", priority: 1, cell: (o) => selectorString(obj(o.spec).selector) };

const status = (o: Obj, k: string): number => num(obj(o.status)[k]) ?? 0;

function podStatus(pod: Obj): string {
  if (obj(pod.metadata).deletionTimestamp) return "Terminating";
  const s = obj(pod.status);
  for (const cs of arr(s.containerStatuses).map(obj)) {
    const waiting = str(obj(obj(cs.state).waiting).reason);
    if (waiting) return waiting;
  }
  if (s.phase === "Succeeded") return "Completed";
  return str(s.phase) ?? "Pending";
}

function podReady(pod: Obj): string {
  const statuses = arr(obj(pod.status).containerStatuses).map(obj);
  const total = arr(obj(pod.spec).containers).length;
  return `${statuses.filter((c) => c.ready === true).length}/${total}`;
}

function servicePorts(svc: Obj): string {
  const ports = arr(obj(svc.spec).ports).map(obj);
  if (!ports.length) return "<none>";
  return ports.map((p) => `${String(p.port)}${p.nodePort ? `:${String(p.nodePort)}` : ""}/${String(p.protocol ?? "TCP")}`).join(",");
}

const COLUMNS: Record<string, Column[]> = {
  Pod: [
    NAME,
    { name: "Ready", type: "string", cell: podReady },
    { name: "Status", type: "string", cell: podStatus },
    { name: "Restarts", type: "string", cell: (o) => String(arr(obj(o.status).containerStatuses).reduce((n: number, c) => n + (num(obj(c).restartCount) ?? 0), 0)) },
    AGE,
    { name: "IP", type: "string", priority: 1, cell: (o) => str(obj(o.status).podIP) ?? "<none>" },
    { name: "Node", type: "string", priority: 1, cell: (o) => str(obj(o.spec).nodeName) ?? "<none>" },
    { name: "Nominated Node", type: "string", priority: 1, cell: () => "<none>" },
    { name: "Readiness Gates", type: "string", priority: 1, cell: () => "<none>" },
  ],
  Deployment: [
    NAME,
    { name: "Ready", type: "string", cell: (o) => `${status(o, "readyReplicas")}/${num(obj(o.spec).replicas) ?? 1}` },
    { name: "Up-to-date", type: "integer", cell: (o) => status(o, "updatedReplicas") },
    { name: "Available", type: "integer", cell: (o) => status(o, "availableReplicas") },
    AGE,
    CONTAINERS,
    IMAGES,
    SELECTOR,
  ],
  ReplicaSet: [
    NAME,
    { name: "Desired", type: "integer", cell: (o) => num(obj(o.spec).replicas) ?? 1 },
    { name: "Current", type: "integer", cell: (o) => status(o, "replicas") },
    { name: "Ready", type: "integer", cell: (o) => status(o, "readyReplicas") },
    AGE,
    CONTAINERS,
    IMAGES,
    SELECTOR,
  ],
  StatefulSet: [NAME, { name: "Ready", type: "string", cell: (o) => `${status(o, "readyReplicas")}/${num(obj(o.spec).replicas) ?? 1}` }, AGE, CONTAINERS, IMAGES],
  Job: [
    NAME,
    { name: "Status", type: "string", cell: (o) => (arr(obj(o.status).conditions).some((c) => obj(c).type === "Complete") ? "Complete" : "Running") },
    { name: "Completions", type: "string", cell: (o) => `${status(o, "succeeded")}/${num(obj(o.spec).completions) ?? 1}` },
    {
      name: "Duration",
      type: "string",
      cell: (o) => {
        const s = Date.parse(str(obj(o.status).startTime) ?? "");
        const e = Date.parse(str(obj(o.status).completionTime) ?? "") || Date.now();
        return Number.isFinite(s) ? duration(e - s) : "";
      },
    },
    AGE,
    CONTAINERS,
    IMAGES,
    SELECTOR,
  ],
  Service: [
    NAME,
    { name: "Type", type: "string", cell: (o) => str(obj(o.spec).type) ?? "ClusterIP" },
    { name: "Cluster-IP", type: "string", cell: (o) => str(obj(o.spec).clusterIP) ?? "<none>" },
    { name: "External-IP", type: "string", cell: () => "<none>" },
    { name: "Port(s)", type: "string", cell: servicePorts },
    AGE,
    { name: "Selector", type: "string", priority: 1, cell: (o) => Object.entries(obj(obj(o.spec).selector)).map(([k, v]) => `${k}=${String(v)}`).join(",") || "<none>" },
  ],
  Endpoints: [
    NAME,
    {
      name: "Endpoints",
      type: "string",
      cell: (o) => {
        const eps = arr(o.subsets).flatMap((s) => {
          const ports = arr(obj(s).ports).map((p) => obj(p).port);
          return arr(obj(s).addresses).flatMap((a) => ports.map((p) => `${String(obj(a).ip)}:${String(p)}`));
        });
        return eps.join(",") || "<none>";
      },
    },
    AGE,
  ],
  ConfigMap: [NAME, { name: "Data", type: "integer", cell: (o) => Object.keys(obj(o.data)).length + Object.keys(obj(o.binaryData)).length }, AGE],
  Secret: [NAME, { name: "Type", type: "string", cell: (o) => str(o.type) ?? "Opaque" }, { name: "Data", type: "integer", cell: (o) => Object.keys(obj(o.data)).length }, AGE],
  Namespace: [NAME, { name: "Status", type: "string", cell: (o) => str(obj(o.status).phase) ?? "Active" }, AGE],
  Node: [
    NAME,
    { name: "Status", type: "string", cell: () => "Ready" },
    { name: "Roles", type: "string", cell: (o) => Object.keys(labelsOf(o)).filter((k) => k.startsWith("node-role.kubernetes.io/")).map((k) => k.slice(24)).join(",") || "<none>" },
    AGE,
    { name: "Version", type: "string", cell: (o) => str(obj(obj(o.status).nodeInfo).kubeletVersion) ?? "" },
  ],
  CustomResourceDefinition: [NAME, { name: "Created At", type: "date", cell: (o) => str(obj(o.metadata).creationTimestamp) ?? "" }],
  HorizontalPodAutoscaler: [
    NAME,
    { name: "Reference", type: "string", cell: (o) => `${String(obj(obj(o.spec).scaleTargetRef).kind)}/${String(obj(obj(o.spec).scaleTargetRef).name)}` },
    { name: "Targets", type: "string", cell: () => "<unknown>" },
    { name: "MinPods", type: "integer", cell: (o) => num(obj(o.spec).minReplicas) ?? 1 },
    { name: "MaxPods", type: "integer", cell: (o) => num(obj(o.spec).maxReplicas) ?? 0 },
    { name: "Replicas", type: "integer", cell: (o) => status(o, "currentReplicas") },
    AGE,
  ],
};

export type IncludeObject = "None" | "Metadata" | "Object";

/**
 * The first value a CRD column's JSON path finds (`.spec.replicas`, `.status.conditions[?(@.type=="Ready")].status`,
 * `.spec.items[0].name`, `.spec.items[*].name`), as the API server's CRD table convertor takes it.
 */
export function jsonPathValue(o: unknown, path: string): unknown {
  const steps = path.replace(/^\{?\.?/, "").replace(/\}$/, "").match(/\[\?\(@\.[^)]*\)\]|\[[^\]]*\]|[^.[\]]+/g) ?? [];
  let cur: unknown[] = [o];
  for (const step of steps) {
    const filter = /^\[\?\(@\.([\w.-]+)\s*==\s*["']?([^"')]*)["']?\)\]$/.exec(step);
    const index = /^\[(\d+|\*)\]$/.exec(step);
    cur = cur.flatMap((v): unknown[] => {
      if (filter) return arr(v).filter((item) => String(jsonPathValue(item, `.${filter[1] ?? ""}`)) === filter[2]);
      if (index) return index[1] === "*" ? arr(v) : arr(v).slice(Number(index[1]), Number(index[1]) + 1);
      const value = obj(v)[step];
      return value === undefined ? [] : [value];
    });
  }
  return cur[0];
}

function customCell(type: string, value: unknown): string | number | boolean | null {
  if (value === undefined || value === null) return null;
  if (type === "date") {
    const t = Date.parse(String(value));
    return Number.isFinite(t) ? duration(Date.now() - t) : null;
  }
  if (type === "integer" || type === "number") return typeof value === "number" ? value : null;
  if (type === "boolean") return typeof value === "boolean" ? value : null;
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

/** A custom resource's columns: Name, then its version's additionalPrinterColumns (Age when it has none). */
function customColumns(rt: ResourceType, version: string): Column[] {
  const declared = rt.custom?.versions[version]?.columns ?? [];
  const printer = declared.length ? declared : [{ name: "Age", type: "date", jsonPath: ".metadata.creationTimestamp" }];
  return [
    NAME,
    ...printer.map((c) => ({
      name: c.name,
      type: c.type,
      ...("format" in c && c.format ? { format: c.format } : {}),
      ...("priority" in c && c.priority ? { priority: c.priority } : {}),
      cell: (o: Obj) => customCell(c.type, jsonPathValue(o, c.jsonPath)),
    })),
  ];
}

export function toTable(rt: ResourceType, servedVersion: string, items: Obj[], resourceVersion: string, version: string, include: IncludeObject): Obj {
  const columns = rt.custom ? customColumns(rt, servedVersion) : (COLUMNS[rt.kind] ?? [NAME, AGE]);
  return {
    kind: "Table",
    apiVersion: `meta.k8s.io/${version}`,
    metadata: { resourceVersion },
    columnDefinitions: columns.map((c) => ({
      name: c.name,
      type: c.type,
      format: c.format ?? "",
      description: c.name,
      priority: c.priority ?? 0,
    })),
    rows: items.map((o) => ({
      cells: columns.map((c) => c.cell(o)),
      ...(include === "None"
        ? {}
        : {
            object:
              include === "Object"
                ? o
                : { kind: "PartialObjectMetadata", apiVersion: `meta.k8s.io/${version}`, metadata: o.metadata },
          }),
    })),
  };
}
