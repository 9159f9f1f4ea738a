/**
 * Strategic merge rule tables: `{description, base, patch, expected | error}` with YAML strings,
 * one table per node kind, one runner. Expected results were checked with
 * `kubectl patch --local --type strategic` (list order included).
 */
import jsYaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { MaterializeError } from "./errors";
import { strategicMergePatch } from "./strategic-merge";

interface Case {
  description: string;
  base: string;
  patch: string;
  expected?: string;
  error?: string;
}

const deployment = (spec: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    spec:\n${spec}`;

const maps: Case[] = [
  { description: "merge maps recursively", base: "kind: ConfigMap\na: {b: 1, c: {d: 2}}", patch: "a: {c: {e: 3}}", expected: "kind: ConfigMap\na: {b: 1, c: {d: 2, e: 3}}" },
  { description: "remove key — null in patch", base: "kind: ConfigMap\na: {b: 1, c: 2}", patch: "a: {b: null}", expected: "kind: ConfigMap\na: {c: 2}" },
  { description: "null for a missing key is a no-op", base: "kind: ConfigMap\na: 1", patch: "b: null", expected: "kind: ConfigMap\na: 1" },
  { description: "new key drops nested nulls and $patch maps", base: "kind: ConfigMap", patch: "a: {b: null, c: 1, d: {$patch: replace, x: 1}}", expected: "kind: ConfigMap\na: {c: 1}" },
  { description: "type change replaces the value", base: "kind: ConfigMap\na: {b: 1}", patch: "a: [1, 2]", expected: "kind: ConfigMap\na: [1, 2]" },
  { description: "scalars replace", base: "kind: ConfigMap\na: x", patch: "a: 7", expected: "kind: ConfigMap\na: 7" },
  { description: "replace-strategy map (PodDisruptionBudget selector)", base: "kind: PodDisruptionBudget\nspec: {selector: {matchLabels: {a: b}}}", patch: "spec: {selector: {matchExpressions: []}}", expected: "kind: PodDisruptionBudget\nspec: {selector: {matchExpressions: []}}" },
];

const keyedLists: Case[] = [
  {
    description: "merge containers by name; new ones first, as kubectl orders them",
    base: deployment("      containers: [{name: a, image: i}, {name: b, image: i}]"),
    patch: "spec: {template: {spec: {containers: [{name: c, image: j}, {name: a, image: k}]}}}",
    expected: deployment("      containers: [{name: c, image: j}, {name: a, image: k}, {name: b, image: i}]"),
  },
  {
    description: "merge env by name inside a matched container; nulls kept in appended elements",
    base: deployment("      containers: [{name: a, env: [{name: X, value: '1'}]}]"),
    patch: "spec: {template: {spec: {containers: [{name: a, env: [{name: X, value: '2'}, {name: Y, value: null}]}]}}}",
    expected: deployment("      containers: [{name: a, env: [{name: X, value: '2'}, {name: Y, value: null}]}]"),
  },
  {
    description: "volumeMounts merge by mountPath",
    base: deployment("      containers: [{name: a, volumeMounts: [{name: v, mountPath: /a}]}]"),
    patch: "spec: {template: {spec: {containers: [{name: a, volumeMounts: [{name: w, mountPath: /a, readOnly: true}]}]}}}",
    expected: deployment("      containers: [{name: a, volumeMounts: [{name: w, mountPath: /a, readOnly: true}]}]"),
  },
  {
    description: "Service ports merge by port",
    base: "kind: Service\nspec: {ports: [{port: 80, name: h}, {port: 443, name: s}]}",
    patch: "spec: {ports: [{port: 8080, name: z}, {port: 443, targetPort: 8443}]}",
    expected: "kind: Service\nspec: {ports: [{port: 8080, name: z}, {port: 80, name: h}, {port: 443, name: s, targetPort: 8443}]}",
  },
  {
    description: "tolerations have no merge key: replaced",
    base: deployment("      tolerations: [{key: a}, {key: b}]"),
    patch: "spec: {template: {spec: {tolerations: [{key: c}]}}}",
    expected: deployment("      tolerations: [{key: c}]"),
  },
  {
    description: "empty patch list leaves a keyed list alone",
    base: deployment("      containers: [{name: a}]"),
    patch: "spec: {template: {spec: {containers: []}}}",
    expected: deployment("      containers: [{name: a}]"),
  },
];

const primitiveLists: Case[] = [
  { description: "finalizers are a set: union in kubectl order", base: "kind: ConfigMap\nmetadata: {finalizers: [a, b]}", patch: "metadata: {finalizers: [c, a]}", expected: "kind: ConfigMap\nmetadata: {finalizers: [c, a, b]}" },
  { description: "args are replaced", base: deployment("      containers: [{name: a, args: [x, y]}]"), patch: "spec: {template: {spec: {containers: [{name: a, args: [z]}]}}}", expected: deployment("      containers: [{name: a, args: [z]}]") },
];

const directives: Case[] = [
  { description: "$patch: replace on a map", base: "kind: ConfigMap\na: {b: 1, c: 2}", patch: "a: {$patch: replace, d: 3}", expected: "kind: ConfigMap\na: {d: 3}" },
  { description: "$patch: delete on a map", base: "kind: ConfigMap\na: {b: 1}\nz: 1", patch: "a: {$patch: delete}", expected: "kind: ConfigMap\na: {}\nz: 1" },
  {
    description: "$patch: delete element by merge key",
    base: deployment("      containers: [{name: a}, {name: b}]"),
    patch: "spec: {template: {spec: {containers: [{name: a, $patch: delete}]}}}",
    expected: deployment("      containers: [{name: b}]"),
  },
  {
    description: "$patch: replace element replaces the whole list",
    base: deployment("      containers: [{name: a}, {name: b}]"),
    patch: "spec: {template: {spec: {containers: [{name: q}, {$patch: replace}]}}}",
    expected: deployment("      containers: [{name: q}]"),
  },
  { description: "$retainKeys drops unlisted keys", base: "kind: Deployment\nspec: {strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 1}}}", patch: "spec: {strategy: {$retainKeys: [type], type: Recreate}}", expected: "kind: Deployment\nspec: {strategy: {type: Recreate}}" },
  {
    description: "$setElementOrder reorders a keyed list",
    base: deployment("      containers: [{name: a}, {name: b}]"),
    patch: "spec: {template: {spec: {$setElementOrder/containers: [{name: b}, {name: c}, {name: a}], containers: [{name: c, image: z}]}}}",
    expected: deployment("      containers: [{name: b}, {name: c, image: z}, {name: a}]"),
  },
  { description: "$setElementOrder on primitives", base: "kind: ConfigMap\nmetadata: {finalizers: [a, b]}", patch: "metadata: {$setElementOrder/finalizers: [b, a]}", expected: "kind: ConfigMap\nmetadata: {finalizers: [b, a]}" },
  { description: "$deleteFromPrimitiveList", base: "kind: ConfigMap\nmetadata: {finalizers: [a, b, c]}", patch: "metadata: {$deleteFromPrimitiveList/finalizers: [a, c]}", expected: "kind: ConfigMap\nmetadata: {finalizers: [b]}" },
];

const errors: Case[] = [
  { description: "$patch: merge in a map", base: "kind: ConfigMap\na: {b: 1}", patch: "a: {$patch: merge}", error: "unknown patch type \"merge\" in map at a " },
  { description: "$patch: merge in a list", base: deployment("      containers: [{name: a}]"), patch: "spec: {template: {spec: {containers: [{$patch: merge}]}}}", error: "$patch: merge cannot be specified" },
  { description: "unknown $patch in a list", base: deployment("      containers: [{name: a}]"), patch: "spec: {template: {spec: {containers: [{name: a, $patch: frob}]}}}", error: "unknown patch type" },
  { description: "element without merge key", base: deployment("      containers: [{name: a}]"), patch: "spec: {template: {spec: {containers: [{image: x}]}}}", error: "does not contain merge key name (at spec.template.spec.containers)" },
  {
    description: "the path names the keyed element the error is in",
    base: deployment("      containers: [{name: a, env: [{name: x, v: {b: 1}}]}]"),
    patch: "spec: {template: {spec: {containers: [{name: a, env: [{name: x, v: {$retainKeys: 3}}]}]}}}",
    error: "$retainKeys at spec.template.spec.containers[name=a].env[name=x].v must be",
  },
  { description: "an error at the root says so", base: "kind: ConfigMap\na: {b: 1}", patch: "$patch: frob", error: "in map at <root>" },
  { description: "$retainKeys missing a patched key", base: "kind: ConfigMap\na: {b: 1}", patch: "a: {$retainKeys: [b], c: 1}", error: "does not list patched key c" },
  { description: "$retainKeys not a list", base: "kind: ConfigMap\na: {b: 1}", patch: "a: {$retainKeys: b}", error: "must be a list of strings" },
  {
    description: "$setElementOrder contradicting the patch list",
    base: deployment("      containers: [{name: a}, {name: c}]"),
    patch: "spec: {template: {spec: {$setElementOrder/containers: [{name: c}, {name: a}], containers: [{name: a, image: z}, {name: c, image: z}]}}}",
    error: "does not match $setElementOrder",
  },
  { description: "mixed element types", base: "kind: ConfigMap\nmetadata: {finalizers: [a]}", patch: "metadata: {finalizers: [{x: 1}]}", error: "element types are not identical" },
  { description: "patch not a mapping", base: "kind: ConfigMap", patch: "[1]", error: "must be a mapping" },
];

const tables: Record<string, Case[]> = { maps, "keyed lists": keyedLists, "primitive lists": primitiveLists, directives, errors };

describe.each(Object.entries(tables))("strategic merge: %s", (_name, table) => {
  it.each(table)("$description", (c) => {
    const base = jsYaml.load(c.base);
    const patch = jsYaml.load(c.patch);
    const before = JSON.stringify(base);
    if (c.error !== undefined) {
      expect(() => strategicMergePatch(base, patch)).toThrow(MaterializeError);
      expect(() => strategicMergePatch(base, patch)).toThrow(c.error);
      return;
    }
    const actual = strategicMergePatch(base, patch);
    const expected = jsYaml.load(c.expected ?? "");
    expect(JSON.stringify(base), "inputs are not modified").toBe(before);
    expect(actual, `base:\n${c.base}\npatch:\n${c.patch}\nexpected:\n${jsYaml.dump(expected)}actual:\n${jsYaml.dump(actual)}`).toEqual(expected);
  });
});
