/**
 * Where an object keeps the container images the registry transform rewrites:
 *
 * 1. every `containers[].image` and `initContainers[].image`, at any depth outside `metadata` and
 *    `status`: the pod specs of built-in workloads, the pod templates custom resources embed (Argo
 *    Rollouts, Knative Services, KEDA ScaledJobs, Kubeflow jobs' replica specs, ...), and specs
 *    shaped like a pod spec (Prometheus Operator's `spec.containers`);
 * 2. the image fields of the well-known custom resources below, by API group and kind:
 *
 *    | group                 | kinds                                                    | fields |
 *    | --------------------- | -------------------------------------------------------- | ------ |
 *    | monitoring.coreos.com | Prometheus                                               | spec.image, spec.thanos.image |
 *    | monitoring.coreos.com | PrometheusAgent, Alertmanager, ThanosRuler               | spec.image |
 *    | tekton.dev            | Task, ClusterTask                                        | spec.steps[].image, spec.sidecars[].image, spec.stepTemplate.image |
 *    | tekton.dev            | Pipeline                                                 | the same in spec.tasks[].taskSpec and spec.finally[].taskSpec |
 *    | argoproj.io           | Workflow, WorkflowTemplate, ClusterWorkflowTemplate      | spec.templates[].container.image, .script.image, .sidecars[].image |
 *    | argoproj.io           | CronWorkflow                                             | the same in spec.workflowSpec |
 *    | sparkoperator.k8s.io  | SparkApplication                                         | spec.image, spec.driver.image, spec.executor.image |
 *    | sparkoperator.k8s.io  | ScheduledSparkApplication                                | the same in spec.template |
 *
 * Every other string field named `image` or `...Image` (`baseImage`, `sidecarImage`) outside
 * `metadata` and `status` is left alone (a kind this table does not know may mean anything by
 * it); `imagesLeftAlone` lists them so a dry run can say so.
 */
import { isMap, type JsonMap } from "./json-value";
import { groupOf } from "./scope";

export interface ImageField {
  /** The map that holds the image, and its key there. */
  holder: JsonMap;
  key: string;
  /** JSON pointer of the field in the object. */
  pointer: string;
  image: string;
}

const CONTAINER_LISTS = new Set(["containers", "initContainers"]);
const SKIPPED_AT_ROOT = new Set(["metadata", "status"]);

const tektonTask = (at: string) => [`${at}.steps[].image`, `${at}.sidecars[].image`, `${at}.stepTemplate.image`];
const argoTemplates = (at: string) => [`${at}.templates[].container.image`, `${at}.templates[].script.image`, `${at}.templates[].sidecars[].image`];
const spark = (at: string) => [`${at}.image`, `${at}.driver.image`, `${at}.executor.image`];

const WELL_KNOWN: { readonly [group: string]: { readonly [kind: string]: readonly string[] } } = {
  "monitoring.coreos.com": {
    Prometheus: ["spec.image", "spec.thanos.image"],
    PrometheusAgent: ["spec.image"],
    Alertmanager: ["spec.image"],
    ThanosRuler: ["spec.image"],
  },
  "tekton.dev": {
    Task: tektonTask("spec"),
    ClusterTask: tektonTask("spec"),
    Pipeline: [...tektonTask("spec.tasks[].taskSpec"), ...tektonTask("spec.finally[].taskSpec")],
  },
  "argoproj.io": {
    Workflow: argoTemplates("spec"),
    WorkflowTemplate: argoTemplates("spec"),
    ClusterWorkflowTemplate: argoTemplates("spec"),
    CronWorkflow: argoTemplates("spec.workflowSpec"),
  },
  "sparkoperator.k8s.io": {
    SparkApplication: spark("spec"),
    ScheduledSparkApplication: spark("spec.template"),
  },
};

/** `spec.steps[].image` → ["spec", "steps", LIST, "image"]. */
const LIST = Symbol("each element");
type Segment = string | typeof LIST;
const parsed = new Map<string, Segment[]>();
function segments(path: string): Segment[] {
  let out = parsed.get(path);
  if (out === undefined) {
    out = path.split(".").flatMap((part): Segment[] => (part.endsWith("[]") ? [part.slice(0, -2), LIST] : [part]));
    parsed.set(path, out);
  }
  return out;
}

function escapePointer(key: string): string {
  return key.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** The image fields of `object` the registry transform rewrites (rules 1 and 2 above). */
export function imageFields(object: JsonMap): ImageField[] {
  const out: ImageField[] = [];
  const found = new Set<JsonMap>();
  const add = (holder: JsonMap, key: string, pointer: string) => {
    const image = holder[key];
    if (typeof image !== "string" || found.has(holder)) return;
    found.add(holder);
    out.push({ holder, key, pointer, image });
  };
  walk(object, "", (map, pointer) => {
    for (const field of CONTAINER_LISTS) {
      const list = map[field];
      if (Array.isArray(list)) list.forEach((c, i) => isMap(c) && add(c, "image", `${pointer}/${field}/${i}/image`));
    }
  });
  const group = groupOf(object.apiVersion);
  const paths = group !== undefined && typeof object.kind === "string" ? WELL_KNOWN[group]?.[object.kind] : undefined;
  for (const path of paths ?? []) {
    const parts = segments(path);
    const key = parts[parts.length - 1] as string;
    resolve(object, parts.slice(0, -1), "", (holder, pointer) => add(holder, key, `${pointer}/${escapePointer(key)}`));
  }
  return out;
}

/** Image-looking strings (in fields named `image` or `...Image`) that the registry transform does not rewrite. */
export function imagesLeftAlone(object: JsonMap): { pointer: string; image: string }[] {
  const rewritten = new Set(imageFields(object).map((f) => f.pointer));
  const out: { pointer: string; image: string }[] = [];
  walk(object, "", (map, pointer) => {
    for (const key of Object.keys(map)) {
      const value = map[key];
      const at = `${pointer}/${escapePointer(key)}`;
      if (typeof value === "string" && /^image$|[a-z0-9]Image$/.test(key) && /^\S+$/.test(value) && !rewritten.has(at)) out.push({ pointer: at, image: value });
    }
  });
  return out;
}

/** Calls `visit` on every map of `object` (with its JSON pointer), `metadata` and `status` left out. */
function walk(object: JsonMap, pointer: string, visit: (map: JsonMap, pointer: string) => void): void {
  const step = (value: unknown, at: string, root: boolean) => {
    if (Array.isArray(value)) {
      value.forEach((item, i) => step(item, `${at}/${i}`, false));
    } else if (isMap(value)) {
      visit(value, at);
      for (const key of Object.keys(value)) if (!(root && SKIPPED_AT_ROOT.has(key))) step(value[key], `${at}/${escapePointer(key)}`, false);
    }
  };
  step(object, pointer, true);
}

/** Calls `visit` on each map that `parts` reaches from `value` (LIST: every element of a list). */
function resolve(value: unknown, parts: readonly Segment[], pointer: string, visit: (holder: JsonMap, pointer: string) => void): void {
  if (parts.length === 0) {
    if (isMap(value)) visit(value, pointer);
    return;
  }
  const [head, ...rest] = parts;
  if (head === LIST) {
    if (Array.isArray(value)) value.forEach((item, i) => resolve(item, rest, `${pointer}/${i}`, visit));
  } else if (isMap(value) && Object.hasOwn(value, head as string)) {
    resolve(value[head as string], rest, `${pointer}/${escapePointer(head as string)}`, visit);
  }
}
