import { describe, expect, it } from "vitest";
import { kindSchema } from "@/lib/kube/kind-schema";
import { openApiDoc } from "@/lib/kube/sim/openapi";
import { checkPatchSchema, closest, patchKinds } from "./patch-schema";

// The schemas come from the simulator's OpenAPI v3 documents, the same ones GET console/schema/KIND reads.
const schemaOf = (group: string, version: string, kind: string) => kindSchema(openApiDoc(group, version)!, group, version, kind)!;
const deployment = schemaOf("apps", "v1", "Deployment");
const configMap = schemaOf("", "v1", "ConfigMap");

const containers = (container: string) => `kind: Deployment
spec:
  template:
    spec:
      containers:
        - name: main
${container
  .split("\n")
  .map((l) => `          ${l}`)
  .join("\n")}
`;

type Case = { description: string; patch: string; expected: string[] };

const fieldCases: Case[] = [
  { description: "valid nested patch", patch: containers("image: web:2\nenv:\n  - name: LOG_LEVEL\n    value: DEBUG"), expected: [] },
  {
    description: "misspelled container field, with a suggestion",
    patch: containers("imagee: web:2"),
    expected: ["7:11 spec.template.spec.containers[0].imagee: unknown field (did you mean image?)"],
  },
  { description: "misspelled spec field", patch: "spec:\n  replica: 2\n", expected: ["2:3 spec.replica: unknown field (did you mean replicas?)"] },
  { description: "unknown field with nothing close", patch: "spec:\n  frobnicate: 2\n", expected: ["2:3 spec.frobnicate: unknown field"] },
  { description: "null deletes a key: fits every field", patch: "spec:\n  replicas: null\n  strategy: ~\n", expected: [] },
  { description: "map fields take any key", patch: "metadata:\n  labels:\n    app.kubernetes.io/name: web\n  annotations: {a: b}\n", expected: [] },
  { description: "status is a field of the object", patch: "status:\n  replicas: 1\n", expected: [] },
];

const typeCases: Case[] = [
  { description: "string where an integer goes", patch: "spec:\n  replicas: two\n", expected: ["2:13 spec.replicas: expected an integer, got a string"] },
  { description: "a fraction is not an integer", patch: "spec:\n  replicas: 1.5\n", expected: ["2:13 spec.replicas: expected an integer, got a number"] },
  { description: "quoted boolean", patch: 'spec:\n  paused: "true"\n', expected: ['2:11 spec.paused: expected a boolean, got a string'] },
  { description: "integer env value (Kubernetes wants a string)", patch: containers("env:\n  - name: X\n    value: 1"), expected: ["9:22 spec.template.spec.containers[0].env[0].value: expected a string, got an integer"] },
  { description: "map where a list goes", patch: "spec:\n  template:\n    spec:\n      containers:\n        name: main\n", expected: ["5:9 spec.template.spec.containers: expected a list, got an object"] },
  { description: "list where an object goes", patch: "spec:\n  strategy:\n    - type: Recreate\n", expected: ["3:5 spec.strategy: expected an object, got a list"] },
  { description: "label values are strings", patch: "metadata:\n  labels:\n    tier: 3\n", expected: ['3:11 metadata.labels.tier: expected a string, got an integer'] },
  { description: "quantities take numbers and strings", patch: containers("resources:\n  limits: {cpu: 1, memory: 1Gi}\n  requests: {cpu: 0.5}"), expected: [] },
  { description: "int-or-string takes both", patch: "spec:\n  strategy:\n    rollingUpdate: {maxSurge: 1, maxUnavailable: 25%}\n", expected: [] },
  { description: "int-or-string takes no boolean", patch: "spec:\n  strategy:\n    rollingUpdate: {maxSurge: true}\n", expected: ["3:31 spec.strategy.rollingUpdate.maxSurge: expected an integer or a string, got a boolean"] },
];

const directiveCases: Case[] = [
  { description: "$patch: replace on an object", patch: "spec:\n  strategy:\n    $patch: replace\n    type: Recreate\n", expected: [] },
  { description: "$patch: delete on a list item", patch: containers("$patch: delete"), expected: [] },
  { description: "$patch with an unknown value", patch: "spec:\n  $patch: remove\n", expected: ["2:11 spec.$patch: must be one of replace, delete, merge"] },
  { description: "$retainKeys names fields", patch: "spec:\n  strategy:\n    $retainKeys: [type]\n    type: Recreate\n", expected: [] },
  { description: "$retainKeys with a field the object lacks", patch: "spec:\n  strategy:\n    $retainKeys: [tpye]\n", expected: ["3:19 spec.strategy.$retainKeys: tpye is not a field here"] },
  { description: "$setElementOrder on a list field", patch: "spec:\n  template:\n    spec:\n      $setElementOrder/containers: [{name: b}, {name: a}]\n", expected: [] },
  { description: "$deleteFromPrimitiveList on a list field", patch: containers("$deleteFromPrimitiveList/args: [--verbose]"), expected: [] },
  {
    description: "$deleteFromPrimitiveList on a field that is not a list",
    patch: containers("$deleteFromPrimitiveList/image: [x]"),
    expected: ["7:11 spec.template.spec.containers[0].$deleteFromPrimitiveList/image: image is not a list field here"],
  },
  { description: "unknown directive", patch: "spec:\n  $replace: true\n", expected: ["2:3 spec.$replace: unknown strategic-merge directive"] },
];

const configMapCases: Case[] = [
  { description: "ConfigMap data is a map of strings", patch: "data:\n  LOG_LEVEL: DEBUG\n  config.yaml: |\n    a: 1\n", expected: [] },
  { description: "ConfigMap data value that is not a string", patch: "data:\n  RETRIES: 3\n", expected: ["2:12 data.RETRIES: expected a string, got an integer"] },
  { description: "ConfigMap has no spec", patch: "spce: {}\ndat: {}\n", expected: ["1:1 spce: unknown field", "2:1 dat: unknown field (did you mean data?)"] },
];

describe("checkPatchSchema", () => {
  const tables: [string, Case[], typeof deployment][] = [
    ["fields (Deployment)", fieldCases, deployment],
    ["value types (Deployment)", typeCases, deployment],
    ["strategic-merge directives (Deployment)", directiveCases, deployment],
    ["ConfigMap", configMapCases, configMap],
  ];
  for (const [name, cases, schema] of tables) {
    describe(name, () => {
      for (const c of cases) {
        it(c.description, () => {
          const actual = checkPatchSchema(c.patch, schema).map((m) => `${m.line}:${m.column} ${m.message}`);
          expect(actual, `patch:\n${c.patch}`).toEqual(c.expected);
        });
      }
    });
  }

  it("marks the key's whole range", () => {
    const [m] = checkPatchSchema("spec:\n  replica: 2\n", deployment);
    expect(m).toMatchObject({ line: 2, column: 3, endLine: 2, endColumn: 10, severity: "error" });
  });

  it("leaves YAML that does not parse to the syntax check", () => expect(checkPatchSchema("spec:\n  a: [1, 2\n", deployment)).toEqual([]));
});

describe("closest", () => {
  it("suggests within two edits or a case change", () => {
    expect(closest("contianers", ["containers", "volumes"])).toBe("containers");
    expect(closest("Replicas", ["replicas"])).toBe("replicas");
    expect(closest("frobnicate", ["replicas", "paused"])).toBeUndefined();
  });
});

describe("patchKinds", () => {
  const objects = [
    { name: "web", kind: "Deployment", labels: ["Deployment", "tier-web"] },
    { name: "web-svc", kind: "Service", labels: ["Service", "tier-web"] },
    { name: "api", kind: "Deployment", labels: ["Deployment"] },
  ];
  it("a kind the patch names wins", () => {
    expect(patchKinds("kind: Service\nspec: {}\n", "web", objects)).toEqual(["Service"]);
    expect(patchKinds("{kind: Service, spec: {}}", "web", objects)).toEqual(["Service"]);
  });
  it("else the target object's kind", () => expect(patchKinds("spec: {}\n", "web", objects)).toEqual(["Deployment"]));
  it("else the kinds the target label reaches", () => {
    expect(patchKinds("spec: {}\n", "Deployment", objects)).toEqual(["Deployment"]);
    expect(patchKinds("spec: {}\n", "tier-web", objects)).toEqual(["Deployment", "Service"]);
  });
  it("nothing for a target that does not exist yet", () => expect(patchKinds("spec: {}\n", "later", objects)).toEqual([]));
  it("a nested kind is not the patch's", () => expect(patchKinds("spec:\n  scaleTargetRef:\n    kind: Deployment\n", "later", objects)).toEqual([]));
});
