/**
 * Patches on custom resources: `{description, schema, base, patch, expected | error}` with YAML
 * strings; `schema` is the openAPIV3Schema of the CRD `widgets.x.io` (kind Widget, version v1),
 * absent when the store has no CRD for the kind. Cases with `oracle: true` (no keyed list, no
 * directive) are also run through `kubectl patch --local --type merge`, which is what kubectl
 * does with a custom resource (it refuses a strategic merge patch on one).
 */
import jsYaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { buildCrdIndex } from "./crds";
import { jsonEqual } from "./json-value";
import { strategicMergePatch } from "./strategic-merge";
import { kubectlAvailable, kubectlStrategicMerge } from "./testing/kubectl";

interface Case {
  description: string;
  schema?: string;
  base: string;
  patch: string;
  expected?: string;
  error?: string;
  oracle?: boolean;
}

const crd = (schema: string, extra = "") =>
  jsYaml.load(
    `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: widgets.x.io}\nspec:\n  group: x.io\n  scope: Namespaced\n  names: {kind: Widget, plural: widgets}\n  versions:\n  - name: v1\n    served: true\n    storage: true\n    schema:\n      openAPIV3Schema: ${schema}\n${extra}`,
  );

const widget = (spec: string) => `apiVersion: x.io/v1\nkind: Widget\nmetadata: {name: w}\nspec: ${spec}`;

const ports = (keys: string, protocolDefault = "") =>
  `{type: object, properties: {spec: {type: object, properties: {ports: {type: array, x-kubernetes-list-type: map, x-kubernetes-list-map-keys: ${keys}, items: {type: object, properties: {port: {type: integer}, protocol: {type: string${protocolDefault}}, name: {type: string}}}}}}}}`;

const replaced: Case[] = [
  {
    description: "no CRD: lists are replaced, maps merge",
    base: widget("{items: [{name: a, v: 1}], opts: {a: 1}}"),
    patch: "spec: {items: [{name: b}], opts: {b: 2}}",
    expected: widget("{items: [{name: b}], opts: {a: 1, b: 2}}"),
    oracle: true,
  },
  {
    description: "a custom resource named like a built-in is not one: its containers are replaced",
    base: "apiVersion: x.io/v1\nkind: Deployment\nmetadata: {name: d}\nspec: {template: {spec: {containers: [{name: a, image: '1'}, {name: b, image: '1'}]}}}",
    patch: "spec: {template: {spec: {containers: [{name: a, image: '2'}]}}}",
    expected: "apiVersion: x.io/v1\nkind: Deployment\nmetadata: {name: d}\nspec: {template: {spec: {containers: [{name: a, image: '2'}]}}}",
    oracle: true,
  },
  {
    description: "list without x-kubernetes-list-type (atomic) is replaced",
    schema: "{type: object, properties: {spec: {type: object, properties: {items: {type: array, items: {type: object, properties: {name: {type: string}}}}}}}}",
    base: widget("{items: [{name: a}]}"),
    patch: "spec: {items: [{name: b}]}",
    expected: widget("{items: [{name: b}]}"),
    oracle: true,
  },
  {
    description: "x-kubernetes-list-type: set is replaced",
    schema: "{type: object, properties: {spec: {type: object, properties: {tags: {type: array, x-kubernetes-list-type: set, items: {type: string}}}}}}",
    base: widget("{tags: [a, b]}"),
    patch: "spec: {tags: [c]}",
    expected: widget("{tags: [c]}"),
    oracle: true,
  },
  {
    description: "x-kubernetes-map-type: atomic replaces the map whole",
    schema: "{type: object, properties: {spec: {type: object, properties: {selector: {type: object, x-kubernetes-map-type: atomic, properties: {app: {type: string}, tier: {type: string}}}}}}}",
    base: widget("{selector: {app: a, tier: web}}"),
    patch: "spec: {selector: {app: b}}",
    expected: widget("{selector: {app: b}}"),
  },
  {
    description: "a CRD of another group does not apply",
    schema: ports("[port]"),
    base: "apiVersion: y.io/v1\nkind: Widget\nmetadata: {name: w}\nspec: {ports: [{port: 1}]}",
    patch: "spec: {ports: [{port: 2}]}",
    expected: "apiVersion: y.io/v1\nkind: Widget\nmetadata: {name: w}\nspec: {ports: [{port: 2}]}",
    oracle: true,
  },
];

const keyed: Case[] = [
  {
    description: "list-type map with one key merges by it",
    schema: ports("[port]"),
    base: widget("{ports: [{port: 80, name: http}, {port: 443, name: https}]}"),
    patch: "spec: {ports: [{port: 443, name: tls}, {port: 8080, name: alt}]}",
    expected: widget("{ports: [{port: 80, name: http}, {port: 443, name: tls}, {port: 8080, name: alt}]}"),
  },
  {
    description: "composite keys: 53/UDP and 53/TCP are two elements",
    schema: ports("[port, protocol]"),
    base: widget("{ports: [{port: 53, protocol: UDP, name: a}, {port: 53, protocol: TCP, name: b}]}"),
    patch: "spec: {ports: [{port: 53, protocol: TCP, name: c}]}",
    expected: widget("{ports: [{port: 53, protocol: UDP, name: a}, {port: 53, protocol: TCP, name: c}]}"),
  },
  {
    description: "a key field the element omits is its schema default (protocol: TCP)",
    schema: ports("[port, protocol]", ", default: TCP"),
    base: widget("{ports: [{port: 53, protocol: UDP}, {port: 53, name: x}]}"),
    patch: "spec: {ports: [{port: 53, name: dns}]}",
    expected: widget("{ports: [{port: 53, protocol: UDP}, {port: 53, name: dns}]}"),
  },
  {
    description: "server-side apply's order: a patch element named before a shared one comes before it",
    schema: ports("[port]"),
    base: widget("{ports: [{port: 1}, {port: 2}]}"),
    patch: "spec: {ports: [{port: 3}, {port: 1, name: a}]}",
    expected: widget("{ports: [{port: 3}, {port: 1, name: a}, {port: 2}]}"),
  },
  {
    description: "server-side apply's order: shared elements in patch order, the others keep their places",
    schema: ports("[port]"),
    base: widget("{ports: [{port: 1}, {port: 2}, {port: 3}]}"),
    patch: "spec: {ports: [{port: 3, name: c}, {port: 1, name: a}]}",
    expected: widget("{ports: [{port: 2}, {port: 3, name: c}, {port: 1, name: a}]}"),
  },
  {
    description: "an unmatched composite key is appended",
    schema: ports("[port, protocol]"),
    base: widget("{ports: [{port: 53, protocol: UDP}]}"),
    patch: "spec: {ports: [{port: 53, protocol: TCP}]}",
    expected: widget("{ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]}"),
  },
  {
    description: "$patch: delete by composite key",
    schema: ports("[port, protocol]"),
    base: widget("{ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]}"),
    patch: "spec: {ports: [{port: 53, protocol: UDP, $patch: delete}]}",
    expected: widget("{ports: [{port: 53, protocol: TCP}]}"),
  },
  {
    description: "$setElementOrder by composite key",
    schema: ports("[port, protocol]"),
    base: widget("{ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]}"),
    patch: "spec: {$setElementOrder/ports: [{port: 53, protocol: TCP}, {port: 53, protocol: UDP}]}",
    expected: widget("{ports: [{port: 53, protocol: TCP}, {port: 53, protocol: UDP}]}"),
  },
  {
    description: "additionalProperties: keyed lists in every value of a map (replica specs)",
    schema:
      "{type: object, properties: {spec: {type: object, properties: {replicas: {type: object, additionalProperties: {type: object, properties: {containers: {type: array, x-kubernetes-list-type: map, x-kubernetes-list-map-keys: [name], items: {type: object}}}}}}}}}",
    base: widget("{replicas: {Worker: {containers: [{name: a, image: '1'}, {name: b, image: '1'}]}}}"),
    patch: "spec: {replicas: {Worker: {containers: [{name: b, image: '2'}]}}}",
    expected: widget("{replicas: {Worker: {containers: [{name: a, image: '1'}, {name: b, image: '2'}]}}}"),
  },
  {
    description: "metadata is ObjectMeta: finalizers are a set",
    schema: "{type: object}",
    base: "apiVersion: x.io/v1\nkind: Widget\nmetadata: {name: w, finalizers: [a]}",
    patch: "metadata: {finalizers: [b]}",
    expected: "apiVersion: x.io/v1\nkind: Widget\nmetadata: {name: w, finalizers: [b, a]}",
  },
];

const errors: Case[] = [
  {
    description: "two patch elements with one key",
    schema: ports("[port, protocol]", ", default: TCP"),
    base: widget("{ports: []}"),
    patch: "spec: {ports: [{port: 53}, {port: 53, protocol: TCP}]}",
    error: "duplicate entries for key [port=53,protocol=TCP] (at spec.ports)",
  },
  {
    description: "a patch element without a key field that has no default",
    schema: ports("[port, protocol]"),
    base: widget("{ports: [{port: 53, protocol: UDP}]}"),
    patch: "spec: {ports: [{port: 53}]}",
    error: "element does not contain merge key protocol (at spec.ports)",
  },
  {
    description: "the path names the element by all its keys",
    schema:
      "{type: object, properties: {spec: {type: object, properties: {ports: {type: array, x-kubernetes-list-type: map, x-kubernetes-list-map-keys: [port, protocol], items: {type: object, properties: {opts: {type: object}}}}}}}}",
    base: widget("{ports: [{port: 53, protocol: UDP, opts: {a: 1}}]}"),
    patch: "spec: {ports: [{port: 53, protocol: UDP, opts: {$patch: frob}}]}",
    error: "at spec.ports[port=53,protocol=UDP].opts",
  },
];

const tables: Record<string, Case[]> = { "lists replaced": replaced, "keyed lists": keyed, errors };

const crdsOf = (c: Case) => buildCrdIndex(c.schema === undefined ? [] : [crd(c.schema)]);

describe.each(Object.entries(tables))("custom resource patches: %s", (_name, table) => {
  it.each(table)("$description", (c) => {
    const base = jsYaml.load(c.base);
    const patch = jsYaml.load(c.patch);
    const crds = crdsOf(c);
    if (c.error !== undefined) {
      expect(() => strategicMergePatch(base, patch, { crds })).toThrow(c.error);
      return;
    }
    const actual = strategicMergePatch(base, patch, { crds });
    const expected = jsYaml.load(c.expected ?? "");
    expect(actual, `base:\n${c.base}\npatch:\n${c.patch}\nexpected:\n${jsYaml.dump(expected)}actual:\n${jsYaml.dump(actual)}`).toEqual(expected);
  });
});

describe("CRD versions", () => {
  const twoVersions = crd(
    ports("[port]"),
    "  - name: v2\n    served: true\n    storage: false\n    schema:\n      openAPIV3Schema: {type: object}\n",
  );
  it.each([
    ["x.io/v1", [{ port: 1 }, { port: 2 }]],
    ["x.io/v2", [{ port: 2 }]],
    ["x.io/v3", [{ port: 1 }, { port: 2 }]],
  ])("%s: the object's version's schema, else the storage version's", (apiVersion, expected) => {
    const base = { apiVersion, kind: "Widget", metadata: { name: "w" }, spec: { ports: [{ port: 1 }] } };
    const actual = strategicMergePatch(base, { spec: { ports: [{ port: 2 }] } }, { crds: buildCrdIndex([twoVersions]) });
    expect((actual as { spec: unknown }).spec).toEqual({ ports: expected });
  });

  it("v1beta1 CRDs: spec.validation", () => {
    const v1beta1 = jsYaml.load(`apiVersion: apiextensions.k8s.io/v1beta1\nkind: CustomResourceDefinition\nmetadata: {name: widgets.x.io}\nspec: {group: x.io, names: {kind: Widget}, version: v1, validation: {openAPIV3Schema: ${ports("[port]")}}}`);
    const base = { apiVersion: "x.io/v1", kind: "Widget", metadata: { name: "w" }, spec: { ports: [{ port: 1 }] } };
    const actual = strategicMergePatch(base, { spec: { ports: [{ port: 2 }] } }, { crds: buildCrdIndex([v1beta1]) });
    expect((actual as { spec: unknown }).spec).toEqual({ ports: [{ port: 1 }, { port: 2 }] });
  });
});

describe("custom resource patches match kubectl's merge patch where no list is keyed", () => {
  const cases = Object.values(tables).flat().filter((c) => c.oracle);
  it.runIf(process.env.CI === "true" && !kubectlAvailable())("needs kubectl in CI", () => {
    expect.fail("kubectl is not on PATH (set KUBECTL to its path)");
  });
  it.runIf(kubectlAvailable())(`${cases.length} cases`, async () => {
    const pairs = cases.map((c) => ({ base: jsYaml.load(c.base), patch: jsYaml.load(c.patch) }));
    const oracle = await kubectlStrategicMerge(pairs, "merge");
    cases.forEach((c, i) => {
      const result = oracle[i];
      const actual = strategicMergePatch(pairs[i]?.base, pairs[i]?.patch, { crds: crdsOf(c) });
      expect(result?.ok && jsonEqual(actual, result.object), `${c.description}\nkubectl: ${JSON.stringify(result)}\nactual: ${JSON.stringify(actual)}`).toBe(true);
    });
  }, 60_000);
});
