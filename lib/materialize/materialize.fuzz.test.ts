/**
 * Property-based fuzzing of the materialize engine with fast-check: random objects, strategic
 * merge patches (directives and prototype-pollution keys included), JSON patches and raw patch
 * texts. Properties: the engine throws nothing but MaterializeError, every case finishes within a
 * time bound, Object.prototype is never touched; and on Kubernetes-shaped cases, strategic merge
 * gives what `kubectl patch --local --type strategic` gives whenever kubectl accepts the case
 * (50 cases; with CI=true a missing kubectl fails instead of skipping).
 */
import fc from "fast-check";
import type { Operation } from "fast-json-patch";
import jsYaml from "js-yaml";
import { afterAll, describe, expect, it } from "vitest";
import { MaterializeError } from "./errors";
import { applyJsonPatch } from "./json-patch";
import { jsonEqual } from "./json-value";
import { materialize, type PatchRecord } from "./materialize";
import { parsePatchText } from "./patch-text";
import { strategicMergePatch } from "./strategic-merge";
import { kubectlAvailable, kubectlStrategicMerge } from "./testing/kubectl";
import { baseObject } from "./testing/objects";

const CASE_BUDGET_MS = 250;
const RUNS = Number(process.env.DM_FUZZ_RUNS ?? 300);

const KEYS = [
  "name", "kind", "metadata", "spec", "template", "containers", "initContainers", "env", "ports", "containerPort",
  "port", "volumes", "volumeMounts", "image", "args", "value", "data", "labels", "finalizers",
  "$patch", "$retainKeys", "$setElementOrder/containers", "$deleteFromPrimitiveList/args", "$setElementOrder/env",
  "__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf",
];
const key = fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 6 }));
const scalar = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer({ min: -5, max: 9000 }),
  fc.constantFrom("replace", "delete", "merge", "app", "sidecar", "x", ""),
  fc.string({ maxLength: 8 }),
);
const { value: jsonValue } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small", withCrossShrink: true }, scalar, tie("array"), tie("map")),
  array: fc.array(tie("value"), { maxLength: 4 }),
  map: fc.dictionary(key, tie("value"), { maxKeys: 5, noNullPrototype: true }),
}));
/** Maps built with own `__proto__` keys, as JSON.parse and the YAML readers make them. */
const jsonMap = fc.dictionary(key, jsonValue, { maxKeys: 6, noNullPrototype: true }).map((m) => JSON.parse(JSON.stringify(m)) as Record<string, unknown>);
const kind = fc.constantFrom("Deployment", "StatefulSet", "Service", "ConfigMap", "Job", "Unknown");

const pointer = fc.array(fc.oneof(key, fc.constantFrom("0", "1", "-", "~0", "~1")), { maxLength: 4 }).map((parts) => parts.map((p) => `/${p.replace(/~/g, "~0").replace(/\//g, "~1")}`).join(""));
const operation: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({ op: fc.constantFrom("add", "replace", "test"), path: pointer, value: jsonValue }),
  fc.record({ op: fc.constant("remove"), path: pointer }),
  fc.record({ op: fc.constantFrom("move", "copy"), from: pointer, path: pointer }),
) as fc.Arbitrary<Operation>;

/** Runs `fn`; anything thrown must be a MaterializeError; the case must be quick. */
function onlyTypedErrors(fn: () => unknown): void {
  const started = performance.now();
  try {
    fn();
  } catch (err) {
    if (!(err instanceof MaterializeError)) throw new Error(`threw ${String(err)} instead of a MaterializeError`);
  }
  const took = performance.now() - started;
  if (took > CASE_BUDGET_MS) throw new Error(`took ${took.toFixed(0)} ms (bound ${CASE_BUDGET_MS} ms)`);
}

describe("materialize engine under random input", () => {
  afterAll(() => {
    expect(Object.keys(Object.prototype)).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("strategic merge: only MaterializeError, bounded time, inputs untouched", () => {
    fc.assert(
      fc.property(jsonMap, jsonValue, kind, (base, patch, k) => {
        const before = JSON.stringify([base, patch]);
        onlyTypedErrors(() => strategicMergePatch({ ...base, kind: k }, patch));
        expect(JSON.stringify([base, patch])).toBe(before);
      }),
      { numRuns: RUNS, seed: 20250101 },
    );
  });

  it("JSON patch: only MaterializeError, bounded time", () => {
    fc.assert(
      fc.property(jsonValue, fc.array(operation, { maxLength: 5 }), (doc, ops) => {
        onlyTypedErrors(() => applyJsonPatch(doc, ops));
      }),
      { numRuns: RUNS, seed: 20250102 },
    );
  });

  it("patch texts (YAML of random bodies, and random text): only MaterializeError", () => {
    const text = fc.oneof(
      jsonMap.map((body) => `# target: obj\n${jsYaml.dump(body)}`),
      fc.string({ maxLength: 120 }).map((s) => `# target: obj\n${s}`),
      fc.array(fc.constantFrom("a:", " b: 1", "- x", "---", "&a [1]", "*a", "{", "}", "!!js/function f", "<<: *a", "  "), { maxLength: 12 }).map((l) => l.join("\n")),
    );
    fc.assert(fc.property(text, (t) => onlyTypedErrors(() => parsePatchText(t))), { numRuns: RUNS, seed: 20250103 });
  });

  it("materialize() over random objects and patches: failures are reported per patch, never thrown", () => {
    const patchRecord = fc.oneof(
      jsonMap.map((body) => ({ format: "YAML" as const, body, scalarHotConfigs: false })),
      fc.array(operation, { maxLength: 3 }).map((ops) => ({ format: "JSON" as const, ops })),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(kind, jsonMap), { minLength: 1, maxLength: 3 }), fc.array(patchRecord, { maxLength: 4 }), (objects, patches) => {
        const input = {
          objects: objects.map(([k, o], i) => baseObject({ ...o, kind: k, metadata: { name: `o${i}` } })),
          patches: patches.map((patch, i): PatchRecord => ({ version: i + 1, target: i % 2 ? "o0" : objects[0]![0], patch })),
          bindings: { [objects[0]![0]]: objects.map((_, i) => `o${i}`) },
          transforms: { namespace: "ns", registry: "registry.example.com" },
        };
        onlyTypedErrors(() => materialize(input));
      }),
      { numRuns: Math.ceil(RUNS / 3), seed: 20250104 },
    );
  });
});

// ---- strategic merge against kubectl on Kubernetes-shaped random cases ----

const KUBECTL_CASES = 50;
const available = kubectlAvailable();

const env = fc.uniqueArray(fc.record({ name: fc.constantFrom("A", "B", "C", "D"), value: fc.constantFrom("1", "2", "x") }), { selector: (e) => e.name, maxLength: 3 });
const containerBase = (name: string) =>
  fc.record(
    { name: fc.constant(name), image: fc.constantFrom("app:1", "app:2", "proxy:1"), args: fc.array(fc.constantFrom("--a", "--b", "--c"), { maxLength: 3 }), env },
    { requiredKeys: ["name", "image"] },
  );
const containerPatch = (name: string) =>
  fc.record(
    {
      name: fc.constant(name),
      image: fc.constantFrom("app:3", "proxy:2"),
      args: fc.array(fc.constantFrom("--a", "--d"), { maxLength: 2 }),
      env: fc.array(fc.oneof(fc.record({ name: fc.constantFrom("A", "B", "E"), value: fc.constantFrom("9", "y") }), fc.record({ name: fc.constantFrom("A", "C"), $patch: fc.constant("delete") })), { maxLength: 2 }).map((list) => list.filter((e, i) => list.findIndex((o) => o.name === e.name) === i)),
      $patch: fc.constant("delete"),
    },
    { requiredKeys: ["name"] },
  );
const names = fc.uniqueArray(fc.constantFrom("app", "sidecar", "agent"), { minLength: 1, maxLength: 3 });
const k8sCase = fc.record({ baseNames: names, patchNames: names, replicas: fc.integer({ min: 0, max: 5 }), labels: fc.dictionary(fc.constantFrom("app", "tier", "team"), fc.option(fc.constantFrom("web", "x"), { nil: null }), { maxKeys: 3 }) }).chain(({ baseNames, patchNames, replicas, labels }) =>
  fc.record({
    base: fc.tuple(...baseNames.map(containerBase)).map((containers) => ({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "fuzz", labels: { app: "fuzz", tier: "web" } },
      spec: { replicas: 1, template: { spec: { containers } } },
    })),
    patch: fc.tuple(...patchNames.map(containerPatch), fc.boolean()).map(([...rest]) => {
      const replace = rest.pop() as boolean;
      const containers = rest as Record<string, unknown>[];
      return {
        metadata: { labels },
        spec: { replicas, template: { spec: { containers: replace ? [...containers, { $patch: "replace" }] : containers } } },
      };
    }),
  }),
);

describe("strategic merge equals kubectl on random Kubernetes-shaped cases", () => {
  it.runIf(process.env.CI === "true" && !available)("needs kubectl in CI", () => {
    expect.fail("kubectl is not on PATH (set KUBECTL to its path): the differential fuzz test cannot run");
  });

  it.runIf(available)(`${KUBECTL_CASES} cases`, async () => {
    const cases = fc.sample(k8sCase, { numRuns: KUBECTL_CASES, seed: 20250105 });
    const oracle = await kubectlStrategicMerge(cases);
    let compared = 0;
    const failures: string[] = [];
    cases.forEach((c, i) => {
      const expected = oracle[i]!;
      if (!expected.ok) return;
      compared++;
      let actual: unknown;
      try {
        actual = strategicMergePatch(c.base, c.patch);
      } catch (err) {
        actual = `threw ${String(err)}`;
      }
      if (!jsonEqual(actual, expected.object)) {
        failures.push([`base:\n${jsYaml.dump(c.base)}`, `patch:\n${jsYaml.dump(c.patch)}`, `kubectl:\n${jsYaml.dump(expected.object)}`, `actual:\n${jsYaml.dump(actual)}`].join("\n"));
      }
    });
    expect(compared).toBeGreaterThan(KUBECTL_CASES / 2);
    expect(failures.slice(0, 2).join("\n----\n"), `${failures.length} of ${compared} cases differ`).toBe("");
  }, 120_000);
});
