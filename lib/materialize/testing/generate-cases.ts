/**
 * Generates (base, strategic patch) pairs over Deployments, StatefulSets, Jobs, Services and
 * ConfigMaps for the kubectl differential test: nested containers, env, ports, volumes,
 * volumeMounts, nulls, new keys holding nulls and directives, and every directive. Patches avoid
 * the few shapes whose kubectl result depends on Go's random map iteration order (a list and its
 * `$deleteFromPrimitiveList` in one patch).
 */
import type { JsonMap } from "../json-value";
import { Random } from "./random";

export interface GeneratedCase {
  description: string;
  base: JsonMap;
  patch: JsonMap;
}

const KINDS = ["Deployment", "StatefulSet", "Job", "Service", "ConfigMap"] as const;

export function generateCases(count: number, seed = 1): GeneratedCase[] {
  const rnd = new Random(seed);
  const cases: GeneratedCase[] = [];
  for (let i = 0; i < count; i++) {
    const kind = KINDS[i % KINDS.length] as (typeof KINDS)[number];
    const name = `${kind.toLowerCase()}-${i}`;
    const base = generateBase(rnd, kind, name);
    const notes: string[] = [];
    const patch = generatePatch(rnd, base, notes);
    cases.push({ description: `#${i} ${kind}: ${notes.join(", ") || "empty patch"}`, base, patch });
  }
  return cases;
}

// ---- bases ----

function labels(rnd: Random, prefix: string, n: number): JsonMap {
  const out: JsonMap = {};
  for (let i = 0; i < n; i++) out[`${prefix}${i}`] = `v${rnd.int(0, 9)}`;
  return out;
}

function metadata(rnd: Random, name: string): JsonMap {
  const meta: JsonMap = { name, namespace: "platform", labels: { app: name, ...labels(rnd, "l", rnd.int(0, 3)) } };
  if (rnd.chance(0.5)) meta.annotations = labels(rnd, "note/", rnd.int(1, 3));
  if (rnd.chance(0.3)) meta.finalizers = rnd.sample(["f/a", "f/b", "f/c", "f/d"], rnd.int(1, 3));
  return meta;
}

function env(rnd: Random, n: number): JsonMap[] {
  return Array.from({ length: n }, (_, i) =>
    rnd.chance(0.8)
      ? { name: `E${i}`, value: `val-${rnd.int(0, 99)}` }
      : { name: `E${i}`, valueFrom: { secretKeyRef: { name: "secret", key: `k${i}` } } },
  );
}

function container(rnd: Random, name: string): JsonMap {
  const c: JsonMap = { name, image: `registry.example.com/team/${name}:1.${rnd.int(0, 9)}` };
  if (rnd.chance(0.5)) c.args = rnd.sample(["--a", "--b", "--c", "--d"], rnd.int(1, 3));
  if (rnd.chance(0.7)) c.env = env(rnd, rnd.int(1, 4));
  if (rnd.chance(0.6)) {
    c.ports = rnd.sample([8080, 8081, 9090, 9091], rnd.int(1, 3)).map((p) => ({ containerPort: p, name: `p${p}`, protocol: "TCP" }));
  }
  if (rnd.chance(0.5)) {
    c.volumeMounts = rnd.sample([0, 1, 2], rnd.int(1, 2)).map((v) => ({ name: `vol-${v}`, mountPath: `/mnt/${v}` }));
  }
  if (rnd.chance(0.6)) c.resources = { limits: { cpu: "1", memory: "1Gi" }, requests: { cpu: "100m" } };
  return c;
}

function podSpec(rnd: Random): JsonMap {
  const names = rnd.sample(["app", "sidecar", "proxy", "agent"], rnd.int(1, 3));
  const spec: JsonMap = { containers: names.map((n) => container(rnd, n)) };
  if (rnd.chance(0.3)) spec.initContainers = [container(rnd, "init")];
  if (rnd.chance(0.6)) {
    spec.volumes = [0, 1, 2]
      .filter(() => rnd.chance(0.6))
      .map((v) => (rnd.chance(0.5) ? { name: `vol-${v}`, configMap: { name: `cm-${v}` } } : { name: `vol-${v}`, emptyDir: {} }));
  }
  if (rnd.chance(0.4)) spec.tolerations = [{ key: "dedicated", operator: "Equal", value: "platform", effect: "NoSchedule" }];
  if (rnd.chance(0.4)) spec.nodeSelector = { "node-pool": "default", zone: "a" };
  if (rnd.chance(0.3)) spec.imagePullSecrets = [{ name: "pull-a" }];
  if (rnd.chance(0.3)) spec.securityContext = { runAsUser: 1000, fsGroup: 1000 };
  return spec;
}

function generateBase(rnd: Random, kind: (typeof KINDS)[number], name: string): JsonMap {
  const meta = metadata(rnd, name);
  const template = () => ({ metadata: { labels: { app: name } }, spec: podSpec(rnd) });
  switch (kind) {
    case "Deployment": {
      const spec: JsonMap = { replicas: rnd.int(1, 5), selector: { matchLabels: { app: name } }, template: template() };
      if (rnd.chance(0.5)) spec.strategy = { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } };
      return { apiVersion: "apps/v1", kind, metadata: meta, spec };
    }
    case "StatefulSet": {
      const spec: JsonMap = { serviceName: name, replicas: rnd.int(1, 3), selector: { matchLabels: { app: name } }, template: template() };
      if (rnd.chance(0.5)) {
        spec.volumeClaimTemplates = [
          { metadata: { name: "data" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } },
        ];
      }
      return { apiVersion: "apps/v1", kind, metadata: meta, spec };
    }
    case "Job": {
      const t = template();
      (t.spec as JsonMap).restartPolicy = "Never";
      return { apiVersion: "batch/v1", kind, metadata: meta, spec: { backoffLimit: rnd.int(0, 6), template: t } };
    }
    case "Service":
      return {
        apiVersion: "v1",
        kind,
        metadata: meta,
        spec: {
          type: "ClusterIP",
          selector: { app: name },
          ports: rnd.sample([80, 443, 8080, 9090], rnd.int(1, 3)).map((p) => ({ name: `port-${p}`, port: p, targetPort: p + 1, protocol: "TCP" })),
        },
      };
    case "ConfigMap":
      return { apiVersion: "v1", kind, metadata: meta, data: labels(rnd, "KEY_", rnd.int(1, 5)) };
  }
}

// ---- patches ----

function get(obj: JsonMap, ...path: string[]): unknown {
  let cur: unknown = obj;
  for (const key of path) cur = typeof cur === "object" && cur !== null && !Array.isArray(cur) ? (cur as JsonMap)[key] : undefined;
  return cur;
}

function list(value: unknown): JsonMap[] {
  return Array.isArray(value) ? (value as JsonMap[]) : [];
}

/** A patch for a map of strings: changes, additions, nulls; sometimes `$patch: replace` or `$retainKeys`. */
function stringMapPatch(rnd: Random, current: JsonMap | undefined, prefix: string, notes: string[], what: string): JsonMap {
  const patch: JsonMap = {};
  const keys = Object.keys(current ?? {});
  for (const key of keys) {
    if (rnd.chance(0.3)) patch[key] = null;
    else if (rnd.chance(0.3)) patch[key] = `changed-${rnd.int(0, 9)}`;
  }
  for (let i = 0; i < rnd.int(0, 2); i++) patch[`${prefix}new${i}`] = `new-${rnd.int(0, 9)}`;
  const mode = rnd.next();
  if (mode < 0.1) {
    patch.$patch = "replace";
    notes.push(`${what} $patch: replace`);
  } else if (mode < 0.2 && current !== undefined) {
    const retained = [...Object.keys(patch).filter((k) => patch[k] !== null), ...rnd.sample(keys, rnd.int(0, keys.length))];
    patch.$retainKeys = [...new Set(retained)];
    notes.push(`${what} $retainKeys`);
  } else {
    notes.push(`${what} merge with nulls`);
  }
  return patch;
}

/** A keyed-list patch: modify, add, delete (`$patch: delete`), rarely `$patch: replace`; optional `$setElementOrder`. */
function keyedListPatch(
  rnd: Random,
  current: JsonMap[],
  mergeKey: string,
  fresh: () => JsonMap,
  modify: (item: JsonMap) => JsonMap,
  notes: string[],
  what: string,
): { items: JsonMap[]; order?: JsonMap[] } {
  const items: JsonMap[] = [];
  const deleted = new Set<unknown>();
  for (const item of current) {
    const r = rnd.next();
    if (r < 0.15 && current.length > 1) {
      items.push({ [mergeKey]: item[mergeKey], $patch: "delete" });
      deleted.add(item[mergeKey]);
    } else if (r < 0.6) {
      items.push({ [mergeKey]: item[mergeKey], ...modify(item) });
    }
  }
  if (rnd.chance(0.5)) {
    const added = fresh();
    if (!current.some((c) => c[mergeKey] === added[mergeKey])) items.push(added);
  }
  rnd.shuffle(items);
  if (rnd.chance(0.06)) {
    items.push({ $patch: "replace" });
    notes.push(`${what} $patch: replace element`);
    return { items };
  }
  notes.push(`${what} merge by ${mergeKey}`);
  if (rnd.chance(0.2)) {
    const plain = items.filter((i) => i.$patch === undefined);
    const keep = [...current.map((c) => c[mergeKey]).filter((k) => !deleted.has(k)), ...plain.map((p) => p[mergeKey])];
    const order = rnd.shuffle([...new Set(keep)]);
    plain.sort((a, b) => order.indexOf(a[mergeKey]) - order.indexOf(b[mergeKey]));
    const deletes = items.filter((i) => i.$patch !== undefined);
    notes.push(`$setElementOrder/${what}`);
    return { items: [...plain, ...deletes], order: order.map((k) => ({ [mergeKey]: k })) };
  }
  return { items };
}

function setList(patch: JsonMap, key: string, result: { items: JsonMap[]; order?: JsonMap[] }): void {
  if (result.items.length > 0 || result.order === undefined) patch[key] = result.items;
  if (result.order !== undefined) patch[`$setElementOrder/${key}`] = result.order;
}

function containerPatch(rnd: Random, c: JsonMap, notes: string[]): JsonMap {
  const p: JsonMap = {};
  if (rnd.chance(0.5)) p.image = `registry.example.com/team/${String(c.name)}:2.${rnd.int(0, 9)}`;
  if (rnd.chance(0.3)) {
    if (Array.isArray(c.args) && rnd.chance(0.4)) {
      p[`$deleteFromPrimitiveList/args`] = [rnd.pick(c.args as string[])];
      notes.push("$deleteFromPrimitiveList/args");
    } else {
      p.args = rnd.sample(["--x", "--y", "--a"], rnd.int(0, 2));
      notes.push("args replaced");
    }
  }
  if (rnd.chance(0.5)) {
    setList(
      p,
      "env",
      keyedListPatch(
        rnd,
        list(c.env),
        "name",
        () => (rnd.chance(0.7) ? { name: `E${rnd.int(0, 6)}`, value: `new-${rnd.int(0, 9)}` } : { name: `N${rnd.int(0, 3)}`, value: null }),
        (e) => (e.valueFrom !== undefined && rnd.chance(0.5) ? { valueFrom: null, value: "plain" } : { value: `mod-${rnd.int(0, 9)}` }),
        notes,
        "env",
      ),
    );
  }
  if (rnd.chance(0.3)) {
    setList(
      p,
      "ports",
      keyedListPatch(
        rnd,
        list(c.ports),
        "containerPort",
        () => ({ containerPort: rnd.pick([7000, 7001, 8080]), protocol: "TCP" }),
        () => (rnd.chance(0.5) ? { name: null } : { name: `renamed-${rnd.int(0, 9)}` }),
        notes,
        "ports",
      ),
    );
  }
  if (rnd.chance(0.3)) {
    setList(
      p,
      "volumeMounts",
      keyedListPatch(
        rnd,
        list(c.volumeMounts),
        "mountPath",
        () => ({ name: `vol-${rnd.int(0, 2)}`, mountPath: `/data/${rnd.int(0, 3)}`, readOnly: true }),
        () => ({ readOnly: rnd.chance(0.5) ? null : true }),
        notes,
        "volumeMounts",
      ),
    );
  }
  if (rnd.chance(0.3)) {
    const r = rnd.next();
    if (r < 0.3) {
      p.resources = null;
      notes.push("resources: null");
    } else if (r < 0.5) {
      p.resources = { $patch: "replace", limits: { cpu: "2" } };
      notes.push("resources $patch: replace");
    } else {
      p.resources = { limits: { cpu: rnd.chance(0.5) ? null : "3", memory: "2Gi" }, requests: { memory: "64Mi" } };
      notes.push("resources merge");
    }
  }
  return p;
}

function podSpecPatch(rnd: Random, spec: JsonMap, notes: string[]): JsonMap {
  const p: JsonMap = {};
  setList(
    p,
    "containers",
    keyedListPatch(
      rnd,
      list(spec.containers),
      "name",
      () => ({
        ...containerFresh(rnd),
      }),
      (c) => containerPatch(rnd, c, notes),
      notes,
      "containers",
    ),
  );
  if (rnd.chance(0.2)) {
    setList(
      p,
      "initContainers",
      keyedListPatch(rnd, list(spec.initContainers), "name", () => containerFresh(rnd), (c) => containerPatch(rnd, c, notes), notes, "initContainers"),
    );
  }
  if (rnd.chance(0.35)) {
    setList(
      p,
      "volumes",
      keyedListPatch(
        rnd,
        list(spec.volumes),
        "name",
        () => ({ name: `vol-${rnd.int(3, 5)}`, secret: { secretName: "s" } }),
        (v) => (v.configMap !== undefined ? { configMap: null, emptyDir: { medium: "Memory" } } : { emptyDir: { sizeLimit: "1Gi" } }),
        notes,
        "volumes",
      ),
    );
  }
  if (rnd.chance(0.25)) {
    p.tolerations = rnd.chance(0.3) ? null : [{ key: "gpu", operator: "Exists", effect: "NoSchedule" }];
    notes.push("tolerations replaced");
  }
  if (rnd.chance(0.25)) p.nodeSelector = stringMapPatch(rnd, spec.nodeSelector as JsonMap | undefined, "pool-", notes, "nodeSelector");
  if (rnd.chance(0.2)) {
    setList(p, "imagePullSecrets", keyedListPatch(rnd, list(spec.imagePullSecrets), "name", () => ({ name: "pull-b" }), () => ({}), notes, "imagePullSecrets"));
  }
  if (rnd.chance(0.15)) {
    p.affinity = { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: null }, podAntiAffinity: { $patch: "replace" } };
    notes.push("new key with nulls and directives");
  }
  if (rnd.chance(0.15)) {
    p.securityContext = rnd.chance(0.5) ? { $patch: "replace", runAsNonRoot: true } : { runAsUser: null, runAsGroup: 3000 };
    notes.push("securityContext");
  }
  return p;
}

function containerFresh(rnd: Random): JsonMap {
  const c = container(rnd, rnd.pick(["app", "sidecar", "proxy", "agent", "extra"]));
  if (rnd.chance(0.3)) c.livenessProbe = { httpGet: { path: "/healthz", port: 8080 }, timeoutSeconds: null };
  return c;
}

function metadataPatch(rnd: Random, meta: JsonMap, notes: string[]): JsonMap {
  const p: JsonMap = {};
  if (rnd.chance(0.5)) p.labels = stringMapPatch(rnd, meta.labels as JsonMap | undefined, "label-", notes, "labels");
  if (rnd.chance(0.4)) {
    p.annotations = rnd.chance(0.15) ? null : stringMapPatch(rnd, meta.annotations as JsonMap | undefined, "note/", notes, "annotations");
  }
  if (rnd.chance(0.3)) {
    const current = Array.isArray(meta.finalizers) ? (meta.finalizers as string[]) : [];
    if (current.length > 0 && rnd.chance(0.5)) {
      p["$deleteFromPrimitiveList/finalizers"] = rnd.sample(current, rnd.int(1, current.length));
      notes.push("$deleteFromPrimitiveList/finalizers");
    } else {
      p.finalizers = rnd.sample(["f/a", "f/b", "f/e", "f/f"], rnd.int(1, 3));
      notes.push("finalizers set-merge");
      if (rnd.chance(0.3)) {
        const all = [...new Set([...current, ...(p.finalizers as string[])])];
        const order = rnd.shuffle(all);
        (p.finalizers as string[]).sort((a, b) => order.indexOf(a) - order.indexOf(b));
        p["$setElementOrder/finalizers"] = order;
        notes.push("$setElementOrder/finalizers");
      }
    }
  }
  return p;
}

function generatePatch(rnd: Random, base: JsonMap, notes: string[]): JsonMap {
  const patch: JsonMap = {};
  const meta = metadataPatch(rnd, base.metadata as JsonMap, notes);
  if (Object.keys(meta).length > 0) patch.metadata = meta;
  const spec = base.spec as JsonMap | undefined;
  switch (base.kind) {
    case "Deployment":
    case "StatefulSet":
    case "Job": {
      const sp: JsonMap = {};
      if (base.kind === "Job") {
        if (rnd.chance(0.4)) sp.backoffLimit = rnd.int(0, 9);
      } else if (rnd.chance(0.5)) {
        sp.replicas = rnd.chance(0.1) ? null : rnd.int(0, 9);
      }
      if (base.kind === "Deployment" && rnd.chance(0.3)) {
        sp.strategy = rnd.chance(0.5)
          ? { $retainKeys: ["type"], type: "Recreate" }
          : { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: null } };
        notes.push("strategy");
      }
      if (base.kind === "StatefulSet" && rnd.chance(0.3)) {
        sp.volumeClaimTemplates = [{ metadata: { name: "logs" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "2Gi" } } } }];
        notes.push("volumeClaimTemplates replaced");
      }
      if (rnd.chance(0.9)) {
        const template: JsonMap = { spec: podSpecPatch(rnd, get(base, "spec", "template", "spec") as JsonMap, notes) };
        if (rnd.chance(0.3)) template.metadata = { labels: { version: `v${rnd.int(1, 9)}` }, annotations: { restartedAt: "now" } };
        sp.template = template;
      }
      if (rnd.chance(0.05)) {
        patch.spec = { $patch: "replace", ...sp };
        notes.push("spec $patch: replace");
      } else {
        patch.spec = sp;
      }
      break;
    }
    case "Service": {
      const sp: JsonMap = {};
      setList(
        sp,
        "ports",
        keyedListPatch(
          rnd,
          list(spec?.ports),
          "port",
          () => ({ name: `extra-${rnd.int(0, 9)}`, port: rnd.pick([8443, 9443, 10000]), targetPort: 9999 }),
          () => (rnd.chance(0.5) ? { targetPort: rnd.int(1000, 2000) } : { name: null, nodePort: null }),
          notes,
          "ports",
        ),
      );
      if (rnd.chance(0.3)) sp.selector = stringMapPatch(rnd, spec?.selector as JsonMap | undefined, "sel-", notes, "selector");
      if (rnd.chance(0.2)) sp.type = "NodePort";
      patch.spec = sp;
      break;
    }
    case "ConfigMap": {
      if (rnd.chance(0.85)) patch.data = stringMapPatch(rnd, base.data as JsonMap, "NEW_", notes, "data");
      if (rnd.chance(0.2)) {
        patch.data = "not-a-map";
        notes.push("data type change");
      }
      if (rnd.chance(0.1)) {
        patch.binaryData = { blob: "aGVsbG8=" };
        notes.push("binaryData added");
      }
      break;
    }
  }
  if (rnd.chance(0.05)) {
    patch.$patch = "replace";
    patch.apiVersion = base.apiVersion;
    patch.kind = base.kind;
    notes.push("root $patch: replace");
  }
  return patch;
}
