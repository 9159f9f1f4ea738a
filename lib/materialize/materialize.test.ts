/** Tables for parsing, patch texts, JSON patch, hot configs, transforms, targets, materialize() and provenance. */
import { describe, expect, it } from "vitest";
import { parseBaseObjects } from "./base-objects";
import { baseObject } from "./testing/objects";
import { MaterializeError } from "./errors";
import { applyJsonPatch } from "./json-patch";
import { buildIndex, materialize, materializeObjects, type BaseObject, type PatchRecord } from "./materialize";
import { parsePatchText } from "./patch-text";
import { TargetIndex, affectedBy } from "./targets";
import { setImage, setRegistry, withRegistry } from "./transforms";
import { parseDocuments } from "./yaml-documents";

const expectError = (fn: () => unknown, code: string, message: string) => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(MaterializeError);
    expect((err as MaterializeError).code).toBe(code);
    expect((err as MaterializeError).message).toContain(message);
    return err as MaterializeError;
  }
  throw new Error("expected an error");
};

describe("parsing", () => {
  it.each([
    { description: "syntax error names document and line", text: "a: 1\n---\nb: 2\nc: [\n", code: "yaml_syntax", message: "document 1, line 5" },
    { description: "document count limit", text: "a: 1\n---\nb: 1\n---\nc: 1\n", limits: { maxDocuments: 2 }, code: "limit_exceeded", message: "too many YAML documents" },
    { description: "document size limit", text: "a: 1\n---\nb: xxxxxxxxxxxxxxxxxxxxxxxx\n", limits: { maxDocumentBytes: 16 }, code: "limit_exceeded", message: "document 1" },
    { description: "alias expansion limit", text: "a: &a [x, x, x, x]\nb: &b [*a, *a, *a, *a]\nc: [*b, *b, *b, *b]\n", limits: { maxExpandedNodes: 50 }, code: "limit_exceeded", message: "through aliases" },
  ])("$description", ({ text, limits, code, message }) => {
    expectError(() => parseDocuments(text, { maxDocumentBytes: 1e6, maxDocuments: 100, maxExpandedNodes: 1e6, ...limits }), code, message);
  });

  it("skips empty documents, keeps indices and lines, keeps strings that look like dates", () => {
    const docs = parseDocuments("---\na: 1\n---\n# nothing\n---\nb: 2020-01-01\n");
    expect(docs.map((d) => [d.index, d.line, d.value])).toEqual([
      [0, 1, { a: 1 }],
      [2, 5, { b: "2020-01-01" }],
    ]);
  });

  it("takes one name across kinds and namespaces; refuses only true duplicates, naming all of them", () => {
    const objects = parseBaseObjects(
      "kind: Service\nmetadata: {name: x}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\n---\n" +
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: x, namespace: a}\n---\n" +
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: x, namespace: b}\n---\n" +
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: 'system:x', namespace: ignored}\n",
    );
    expect(objects.map((o) => o.key)).toEqual([
      "service/x",
      "deployment.apps/x",
      "a/role.rbac.authorization.k8s.io/x",
      "b/role.rbac.authorization.k8s.io/x",
      "clusterrole.rbac.authorization.k8s.io/system:x",
    ]);
    expectError(
      () => parseBaseObjects("kind: Service\nmetadata: {name: x}\n---\nkind: Service\nmetadata: {name: x}\n---\nkind: Secret\nmetadata: {name: s, namespace: n}\n---\nkind: Secret\nmetadata: {name: s, namespace: n}\n"),
      "invalid_document",
      "2 object(s) appear more than once: service/x (2 times), n/secret/s (2 times)",
    );
  });

  it.each([
    ["a path", "ConfigMap", "../../etc/passwd", "metadata.name: a lowercase RFC 1123 subdomain"],
    ["upper case", "ConfigMap", "UPPER", "metadata.name: a lowercase RFC 1123 subdomain"],
    ["an emoji", "Deployment", "web-\u{1F680}", "metadata.name: a lowercase RFC 1123 subdomain"],
    ["254 characters", "ConfigMap", "a".repeat(254), "metadata.name: must be no more than 253 characters"],
    ["a slash", "ClusterRole", "a/b", "metadata.name: may not contain '/'"],
    ["spaces", "Secret", "my secret", "metadata.name: a lowercase RFC 1123 subdomain"],
    ["a right-to-left override", "ConfigMap", "x\u202ey", "metadata.name: a lowercase RFC 1123 subdomain"],
    ["__proto__", "ConfigMap", "__proto__", "metadata.name: a lowercase RFC 1123 subdomain"],
    ["a ':' outside RBAC", "ConfigMap", "system:x", "metadata.name: a lowercase RFC 1123 subdomain"],
    ["a Service name that starts with a digit (DNS-1035)", "Service", "1svc", "metadata.name: a DNS-1035 label"],
  ])("refuses a name the API server would refuse: %s", (_, kind, name, message) => {
    const group = kind === "ClusterRole" ? "rbac.authorization.k8s.io/v1" : "v1";
    expectError(() => parseBaseObjects(`apiVersion: ${group}\nkind: ${kind}\nmetadata:\n  name: ${JSON.stringify(name)}\n`), "invalid_document", message);
  });

  it.each([
    ["an apiVersion that is not one", "apiVersion: apps/v1/x\nkind: Deployment\nmetadata: {name: a}\n", "apiVersion \"apps/v1/x\" is not GROUP/VERSION"],
    ["a kind that is not a name", "apiVersion: v1\nkind: 'Config Map'\nmetadata: {name: a}\n", "kind must be a name"],
    ["a namespace that is not a label", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: Team_A}\n", "metadata.namespace: a lowercase RFC 1123 label"],
  ])("refuses %s", (_, text, message) => {
    expectError(() => parseBaseObjects(text), "invalid_document", message);
  });

  it("takes RBAC's path-segment names", () => {
    expect(parseBaseObjects("apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: 'system:coredns'}\n")[0]!.key).toBe(
      "clusterrole.rbac.authorization.k8s.io/system:coredns",
    );
  });

  it("refuses a patch whose kind is not a kind's name", () => {
    expectError(() => parsePatchText("# target: a\nkind: [a]\nspec: {}\n"), "invalid_patch", "kind must be a kind's name");
  });

  it("expands List and *List documents into their items, as kubectl apply does", () => {
    const objects = parseBaseObjects(
      "apiVersion: v1\nkind: ConfigMapList\nitems:\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: b}}\n---\n" +
        "apiVersion: v1\nkind: List\nitems:\n- {apiVersion: rbac.authorization.k8s.io/v1, kind: Role, metadata: {name: r, namespace: m}}\n",
    );
    expect(objects.map((o) => o.key)).toEqual(["configmap/a", "configmap/b", "m/role.rbac.authorization.k8s.io/r"]);
    expectError(() => parseBaseObjects("apiVersion: v1\nkind: List\nitems:\n- {kind: ConfigMap}\n"), "invalid_document", "item 0 has no metadata.name");
  });

  it("never gives cluster-scoped objects a namespace: built-in kinds and kinds of Cluster-scoped CRDs in the same text", () => {
    const objects = parseBaseObjects(
      "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: widgets.example.com}\nspec: {group: example.com, scope: Cluster, names: {kind: Widget, plural: widgets}}\n---\n" +
        "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w, namespace: wrong}\n---\n" +
        "apiVersion: example.com/v1\nkind: Gadget\nmetadata: {name: g, namespace: right}\n---\n" +
        "apiVersion: v1\nkind: Namespace\nmetadata: {name: monitoring}\n",
    );
    expect(objects.map((o) => o.key)).toEqual(["customresourcedefinition.apiextensions.k8s.io/widgets.example.com", "widget.example.com/w", "right/gadget.example.com/g", "namespace/monitoring"]);
  });

  it("parses a YAML patch with target tag, kind and scalar marker", () => {
    const p = parsePatchText("# target: hot-configs\nkind: ConfigMap\n# __ib_label=scalar\ndata: {a: b}\n");
    expect(p).toMatchObject({ format: "YAML", target: "hot-configs", kind: "ConfigMap", scalarHotConfigs: true });
  });

  it("parses the JSON patch envelope", () => {
    const p = parsePatchText('{"comment":"c","kind":"NetworkPolicy","target":"np","patch":[{"op":"add","path":"/spec/x","value":1}]}');
    expect(p).toMatchObject({ format: "JSON", target: "np", kind: "NetworkPolicy", ops: [{ op: "add", path: "/spec/x", value: 1 }] });
  });

  it.each([
    { text: '{"patch":[{"op":"frob","path":"/a"}]}', message: "op must be one of" },
    { text: '{"patch":[{"op":"add","path":"/a"}]}', message: "value is required" },
    { text: '{"patch":[{"op":"move","path":"/a"}]}', message: "from must be a JSON pointer" },
    { text: "a: 1\n---\nb: 2\n", message: "exactly one" },
    { text: "- 1\n", message: "must be a mapping" },
  ])("rejects bad patch text: $message", ({ text, message }) => {
    expectError(() => parsePatchText(text), "invalid_patch", message);
  });
});

describe("JSON patch", () => {
  it("applies all six ops", () => {
    const doc = { a: 1, b: { c: [1, 2] } };
    const out = applyJsonPatch(doc, [
      { op: "add", path: "/b/c/-", value: 3 },
      { op: "replace", path: "/a", value: 2 },
      { op: "copy", from: "/a", path: "/d" },
      { op: "move", from: "/d", path: "/e" },
      { op: "remove", path: "/b/c/0" },
      { op: "test", path: "/e", value: 2 },
    ]);
    expect(out).toEqual({ a: 2, b: { c: [2, 3] }, e: 2 });
    expect(doc).toEqual({ a: 1, b: { c: [1, 2] } });
  });

  it("names version, op index and path on failure and leaves the object unchanged", () => {
    const doc = { a: 1 };
    const err = expectError(() => applyJsonPatch(doc, [{ op: "replace", path: "/a", value: 5 }, { op: "remove", path: "/nope" }], 1700), "json_patch_failed", "JSON patch 1700: operation 1 (remove /nope)");
    expect(err.context).toMatchObject({ patchVersion: 1700, opIndex: 1, path: "/nope" });
    expect(doc).toEqual({ a: 1 });
  });
});

describe("transforms", () => {
  it.each([
    ["gcr.io/instabase-public/core:1.0", "mirror.local/ib", "mirror.local/ib/core:1.0"],
    ["registry.example.com/team/app:1", "mirror.local", "mirror.local/app:1"],
    ["nginx:1.25", "mirror.local/", "mirror.local/nginx:1.25"],
    ["library/nginx", "mirror.local", "mirror.local/nginx"],
    ["localhost:5000/app", "mirror.local", "mirror.local/app"],
    ["gcr.io/p/app@sha256:abc", "mirror.local", "mirror.local/app@sha256:abc"],
  ])("withRegistry(%s, %s) = %s", (image, registry, expected) => {
    expect(withRegistry(image, registry)).toBe(expected);
  });

  it("sets the registry of containers and init containers", () => {
    const obj = { kind: "CronJob", spec: { jobTemplate: { spec: { template: { spec: { initContainers: [{ name: "i", image: "a/b" }], containers: [{ name: "c", image: "x.io/c:1" }] } } } } } };
    setRegistry(obj, "r.io");
    expect(obj.spec.jobTemplate.spec.template.spec.initContainers[0]?.image).toBe("r.io/b");
    expect(obj.spec.jobTemplate.spec.template.spec.containers[0]?.image).toBe("r.io/c:1");
  });

  it("updates one image, the first container by default", () => {
    const obj = { kind: "Deployment", metadata: { name: "d" }, spec: { template: { spec: { containers: [{ name: "a", image: "1" }, { name: "b", image: "1" }] } } } };
    setImage(obj, "2");
    setImage(obj, "3", "b");
    expect(obj.spec.template.spec.containers.map((c) => c.image)).toEqual(["2", "3"]);
    expectError(() => setImage(obj, "4", "zz"), "invalid_transform", "no container named zz");
  });
});

describe("targets", () => {
  const indexed = (o: BaseObject) => ({ key: o.key, id: o.id });
  const meta = (kind: string, apiVersion: string, name: string, namespace?: string) =>
    indexed(baseObject({ apiVersion, kind, metadata: { name, ...(namespace ? { namespace } : {}) } }));
  const index = new TargetIndex(
    [
      meta("Deployment", "apps/v1", "api"),
      meta("Deployment", "apps/v1", "web"),
      meta("ConfigMap", "v1", "cfg"),
      meta("Service", "v1", "gateway"),
      meta("Deployment", "apps/v1", "frontend"),
      meta("Service", "v1", "frontend"),
      meta("ServiceAccount", "v1", "frontend"),
      meta("Role", "rbac.authorization.k8s.io/v1", "prometheus-k8s", "default"),
      meta("Role", "rbac.authorization.k8s.io/v1", "prometheus-k8s", "monitoring"),
    ],
    { gateway: ["web"], edge: ["web", "configmap/cfg", "later"], front: ["service/frontend"] },
  );
  it.each([
    { description: "a bare unique name", target: "api", expected: ["deployment.apps/api"] },
    { description: "the kind label", target: "Deployment", expected: ["deployment.apps/api", "deployment.apps/web", "deployment.apps/frontend"] },
    { description: "a custom label, by bare and qualified references", target: "edge", expected: ["deployment.apps/web", "configmap/cfg"] },
    { description: "a label narrowed by the patch's kind", target: "edge", kind: "ConfigMap", expected: ["configmap/cfg"] },
    { description: "an object wins over a label of its name", target: "gateway", expected: ["service/gateway"] },
    { description: "nothing", target: "nothing", expected: [] },
    { description: "an ambiguous bare name reaches nothing", target: "frontend", expected: [] },
    { description: "kind/name", target: "service/frontend", expected: ["service/frontend"] },
    { description: "Kind/name, kind in any case", target: "ServiceAccount/frontend", expected: ["serviceaccount/frontend"] },
    { description: "kind.group/name", target: "deployment.apps/frontend", expected: ["deployment.apps/frontend"] },
    { description: "namespace/kind/name", target: "monitoring/role/prometheus-k8s", expected: ["monitoring/role.rbac.authorization.k8s.io/prometheus-k8s"] },
    { description: "a label binding one of the same-named objects", target: "front", expected: ["service/frontend"] },
  ])("$description: affectedBy($target, $kind)", ({ target, kind, expected }) => {
    expect(affectedBy({ target, kind }, index)).toEqual(expected);
  });

  it("answers an ambiguous reference with every candidate, shown by the shortest form that names it alone", () => {
    expect(index.resolve("frontend")).toEqual({ type: "ambiguous", objects: [], candidates: ["deployment.apps/frontend", "service/frontend", "serviceaccount/frontend"] });
    expect(index.resolve("role/prometheus-k8s")).toMatchObject({
      type: "ambiguous",
      candidates: ["default/role.rbac.authorization.k8s.io/prometheus-k8s", "monitoring/role.rbac.authorization.k8s.io/prometheus-k8s"],
    });
    expect(index.catalog.display("deployment.apps/api")).toBe("api");
  });

  it("lists the stored targets that reach an object: its unique spellings and its labels", () => {
    expect(index.targetsOf("deployment.apps/web")).toEqual(expect.arrayContaining(["deployment.apps/web", "web", "deployment/web", "Deployment/web", "edge"]));
    expect(index.targetsOf("service/frontend")).not.toContain("frontend");
    expect(index.targetsOf("service/frontend")).toEqual(expect.arrayContaining(["service/frontend", "Service/frontend", "front"]));
  });
});

const deployment = (name: string): BaseObject =>
  baseObject({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name }, spec: { replicas: 1, template: { spec: { containers: [{ name: "app", image: "app:1", env: [{ name: "A", value: "1" }] }] } } } });
const hot: BaseObject = baseObject({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "hot-configs" }, data: { api: "LOG_LEVEL: INFO\nTRACING: false\n", plain: "text" } });
const record = (version: number, text: string): PatchRecord => {
  const patch = parsePatchText(text);
  return { version, target: patch.target ?? "", patch };
};

describe("materialize", () => {
  it("applies patches in version order, reports skips, failures and unmatched targets, never renames", () => {
    const result = materialize({
      objects: [deployment("api"), deployment("web"), hot],
      patches: [
        record(30, "# target: Deployment\nspec: {replicas: 3}\n"),
        record(10, "# target: api\nmetadata: {name: renamed}\nspec: {replicas: 2}\n"),
        record(20, "# target: edge\nkind: ConfigMap\ndata: {plain: other}\n"),
        record(40, '{"target":"api","kind":"Deployment","patch":[{"op":"remove","path":"/spec/nope"}]}'),
        record(50, "# target: ghost\nspec: {replicas: 9}\n"),
      ],
      bindings: { edge: ["api"] },
      transforms: { namespace: "platform", registry: "mirror.local" },
    });
    const api = result.objects.find((o) => o.key === "deployment.apps/api");
    expect(api?.object).toMatchObject({ metadata: { name: "api", namespace: "platform" }, spec: { replicas: 3 } });
    expect(api?.patchVersion).toBe(30);
    expect(api?.patches.map((p) => [p.version, p.status])).toEqual([
      [10, "applied"],
      [20, "skipped"],
      [30, "applied"],
      [40, "failed"],
    ]);
    expect(api?.config).toContain("image: mirror.local/app:1");
    expect(result.unmatched).toMatchObject([{ version: 50, status: "skipped" }]);
  });

  it("merges hot configs key by key unless the patch says scalar", () => {
    const merged = materialize({ objects: [hot], patches: [record(1, "# target: hot-configs\ndata:\n  api: |\n    LOG_LEVEL: DEBUG\n")] });
    expect(merged.objects[0]?.object.data).toEqual({ api: "LOG_LEVEL: DEBUG\nTRACING: false\n", plain: "text" });
    const scalar = materialize({ objects: [hot], patches: [record(1, "# target: hot-configs\n# __ib_label=scalar\ndata:\n  api: |\n    LOG_LEVEL: DEBUG\n")] });
    expect(scalar.objects[0]?.object.data).toEqual({ api: "LOG_LEVEL: DEBUG\n", plain: "text" });
  });

  it("tracks provenance per leaf through keyed lists, JSON patches and transforms", () => {
    const result = materialize({
      objects: [deployment("api")],
      patches: [
        record(1, "# target: api\nspec:\n  template:\n    spec:\n      containers:\n      - name: sidecar\n        image: s:1\n      - name: app\n        env: [{name: B, value: '2'}]\n"),
        record(2, '{"target":"api","patch":[{"op":"replace","path":"/spec/replicas","value":4}]}'),
      ],
      transforms: { namespace: "ns" },
    });
    const prov = Object.fromEntries((result.objects[0]?.provenance ?? []).map((e) => [e.path, e.source === "patch" ? e.version : e.source]));
    expect(prov).toMatchObject({
      "/spec/replicas": 2,
      "/metadata/namespace": "transform",
      "/metadata/name": "base",
      "/spec/template/spec/containers/0/image": 1,
      "/spec/template/spec/containers/1/image": "base",
      "/spec/template/spec/containers/1/env/0/value": 1, // B, new: kubectl puts it first
      "/spec/template/spec/containers/1/env/1/value": "base",
    });
  });

  it("copies JSON patch values: a later patch of one object reaches neither the patch nor the other objects", () => {
    const labelPatch = record(1, '{"target":"ConfigMap","patch":[{"op":"add","path":"/metadata/labels","value":{"a":"1"}}]}');
    const cm = (name: string): BaseObject => baseObject({ kind: "ConfigMap", metadata: { name } });
    const result = materialize({ objects: [cm("x"), cm("y")], patches: [labelPatch, record(2, "# target: x\nmetadata: {labels: {b: '2'}}\n")] });
    expect(result.objects.map((o) => [o.key, o.object.metadata])).toEqual([
      ["configmap/x", { name: "x", labels: { a: "1", b: "2" } }],
      ["configmap/y", { name: "y", labels: { a: "1" } }],
    ]);
    expect(labelPatch.patch).toMatchObject({ ops: [{ value: { a: "1" } }] });
  });

  it("keeps __proto__ keys of the base and of patches as own keys", () => {
    const objects = parseBaseObjects('kind: ConfigMap\nmetadata: {name: a}\ndata:\n  "__proto__": {x: "1"}\n');
    const [result] = materialize({ objects, patches: [record(1, '# target: a\nmetadata:\n  labels:\n    "__proto__": {y: "2"}\n')] }).objects;
    const { data, metadata } = result!.object as { data: object; metadata: { labels: object } };
    expect([data, metadata.labels].map((m) => [Object.keys(m), Object.getPrototypeOf(m) === Object.prototype])).toEqual([
      [["__proto__"], true],
      [["__proto__"], true],
    ]);
    expect(result!.config).toContain("__proto__:\n    x: '1'");
  });

  it("re-materializes only the objects a new label patch reaches", () => {
    const index = buildIndex({ objects: [deployment("a"), deployment("b"), deployment("c")], patches: [], bindings: { canary: ["a", "deployment.apps/c"] } });
    const affected = index.addPatch(record(5, "# target: canary\nspec: {replicas: 7}\n"));
    expect(affected).toEqual(["deployment.apps/a", "deployment.apps/c"]);
    expect(materializeObjects(index, affected).map((o) => [o.key, (o.object.spec as { replicas: number }).replicas])).toEqual([
      ["deployment.apps/a", 7],
      ["deployment.apps/c", 7],
    ]);
  });
});

describe("cluster-scoped objects", () => {
  it("lose the namespace their base gives them, without a namespace transform too (built-in kinds and Cluster-scoped CRDs' kinds)", () => {
    const objects = parseBaseObjects(
      "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r, namespace: x}\n---\n" +
        "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: ws.example.com}\nspec: {group: example.com, scope: Cluster, names: {kind: W, plural: ws}}\n---\n" +
        "apiVersion: example.com/v1\nkind: W\nmetadata: {name: w, namespace: x}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: x}\n",
    );
    const result = materialize({ objects, patches: [] }, { provenance: false });
    expect(result.objects.map((o) => [o.key, (o.object.metadata as { namespace?: string }).namespace])).toEqual([
      ["clusterrole.rbac.authorization.k8s.io/r", undefined],
      ["customresourcedefinition.apiextensions.k8s.io/ws.example.com", undefined],
      ["w.example.com/w", undefined],
      ["x/configmap/c", "x"],
    ]);
  });
});

describe("transforms without provenance", () => {
  it("still set the namespace and registry when provenance is off", () => {
    const objects = parseBaseObjects("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: a\n  namespace: one\nspec:\n  template:\n    spec:\n      containers:\n      - name: c\n        image: gcr.io/x/y:1\n");
    const [result] = materialize({ objects, patches: [], transforms: { namespace: "two", registry: "mirror.local" } }, { provenance: false }).objects;
    expect(result!.config).toContain("namespace: two");
    expect(result!.config).toContain("image: mirror.local/y:1");
  });
});
