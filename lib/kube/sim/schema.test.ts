// Structural schemas: pruning, defaulting and validation as tables ({description, schema, object, expected}).
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { Obj } from "./json";
import { applySchemaDefaults, prune, schemaCauses } from "./schema";

const SCHEMA = parse(`
type: object
properties:
  spec:
    type: object
    required: [image]
    properties:
      image: {type: string, minLength: 3}
      replicas: {type: integer, minimum: 0, maximum: 10, default: 1}
      mode: {type: string, enum: [fast, safe], default: safe}
      port: {x-kubernetes-int-or-string: true}
      ratio: {type: number, exclusiveMinimum: true, minimum: 0}
      note: {type: string, nullable: true}
      retention: {type: string, pattern: '^[0-9]+d$'}
      labels: {type: object, additionalProperties: {type: string}, maxProperties: 2}
      hosts: {type: array, maxItems: 2, minItems: 1, items: {type: string}}
      endpoints:
        type: array
        items:
          type: object
          required: [port]
          properties:
            port: {type: integer}
            path: {type: string, default: /metrics}
      extra: {type: object, x-kubernetes-preserve-unknown-fields: true, properties: {known: {type: boolean}}}
      template:
        type: object
        x-kubernetes-embedded-resource: true
        properties:
          spec: {type: object, properties: {a: {type: string}}}
`) as Obj;

interface Case {
  description: string;
  object: string;
  expected: string;
  pruned?: string[];
}

const PRUNE_AND_DEFAULT: Case[] = [
  { description: "unknown fields are pruned, at the root and nested", object: "spec: {image: app, bogus: 1}\ntop: 1", expected: "spec: {image: app, replicas: 1, mode: safe}", pruned: ["spec.bogus", "top"] },
  { description: "apiVersion, kind and metadata are kept at the root", object: "apiVersion: x/v1\nkind: X\nmetadata: {name: a, anything: 1}\nspec: {image: app}", expected: "apiVersion: x/v1\nkind: X\nmetadata: {name: a, anything: 1}\nspec: {image: app, replicas: 1, mode: safe}" },
  { description: "preserve-unknown-fields keeps what it does not specify", object: "spec: {image: app, extra: {known: true, free: {deep: [1]}}}", expected: "spec: {image: app, replicas: 1, mode: safe, extra: {known: true, free: {deep: [1]}}}" },
  { description: "items of arrays are pruned and defaulted", object: "spec: {image: app, endpoints: [{port: 1, x: 2}, {port: 2, path: /p}]}", expected: "spec: {image: app, replicas: 1, mode: safe, endpoints: [{port: 1, path: /metrics}, {port: 2, path: /p}]}", pruned: ["spec.endpoints[0].x"] },
  { description: "additionalProperties keep every key", object: "spec: {image: app, labels: {a: b}}", expected: "spec: {image: app, replicas: 1, mode: safe, labels: {a: b}}" },
  { description: "an embedded resource keeps apiVersion, kind and metadata", object: "spec: {image: app, template: {apiVersion: v1, kind: Pod, metadata: {name: p}, spec: {a: b, c: d}}}", expected: "spec: {image: app, replicas: 1, mode: safe, template: {apiVersion: v1, kind: Pod, metadata: {name: p}, spec: {a: b}}}", pruned: ["spec.template.spec.c"] },
  { description: "null is dropped where the schema is not nullable, then defaulted", object: "spec: {image: app, replicas: null, note: null}", expected: "spec: {image: app, replicas: 1, mode: safe, note: null}" },
  { description: "a value given is not defaulted", object: "spec: {image: app, replicas: 0, mode: fast}", expected: "spec: {image: app, replicas: 0, mode: fast}" },
  { description: "defaults apply inside objects that exist only", object: "{}", expected: "{}" },
];

const CAUSES: { description: string; object: string; causes: string[] }[] = [
  { description: "valid", object: "spec: {image: app, port: web, ratio: 0.5, retention: 15d, hosts: [a]}", causes: [] },
  { description: "required", object: "spec: {replicas: 1}", causes: ["spec.image: Required value"] },
  { description: "type (integer)", object: "spec: {image: app, replicas: two}", causes: ['spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"'] },
  { description: "type (a fraction is no integer)", object: "spec: {image: app, replicas: 1.5}", causes: ['spec.replicas: Invalid value: "number": spec.replicas in body must be of type integer: "number"'] },
  { description: "int-or-string", object: "spec: {image: app, port: true}", causes: ['spec.port: Invalid value: "boolean": spec.port in body must be of type integer,string: "boolean"'] },
  { description: "enum", object: "spec: {image: app, mode: slow}", causes: ['spec.mode: Unsupported value: "slow": supported values: "fast", "safe"'] },
  { description: "minimum and maximum", object: "spec: {image: app, replicas: 11}", causes: ["spec.replicas: Invalid value: 11: spec.replicas in body should be less than or equal to 10"] },
  { description: "exclusive minimum", object: "spec: {image: app, ratio: 0}", causes: ["spec.ratio: Invalid value: 0: spec.ratio in body should be greater than 0"] },
  { description: "minLength", object: "spec: {image: a}", causes: ['spec.image: Invalid value: "a": spec.image in body should be at least 3 chars long'] },
  { description: "pattern", object: "spec: {image: app, retention: 2w}", causes: ["spec.retention: Invalid value: \"2w\": spec.retention in body should match '^[0-9]+d$'"] },
  { description: "maxItems and minItems", object: "spec: {image: app, hosts: [a, b, c]}", causes: ["spec.hosts: Too many: 3: must have at most 2 items"] },
  { description: "minItems", object: "spec: {image: app, hosts: []}", causes: ["spec.hosts: Invalid value: 0: spec.hosts in body should have at least 1 items"] },
  { description: "maxProperties", object: "spec: {image: app, labels: {a: x, b: y, c: z}}", causes: ["spec.labels: Too many: 3: must have at most 2 items"] },
  { description: "array items name their index", object: "spec: {image: app, endpoints: [{port: 1}, {path: /x}, {port: x}]}", causes: ["spec.endpoints[1].port: Required value", 'spec.endpoints[2].port: Invalid value: "string": spec.endpoints[2].port in body must be of type integer: "string"'] },
  { description: "additionalProperties values are checked", object: "spec: {image: app, labels: {a: 1}}", causes: ['spec.labels.a: Invalid value: "integer": spec.labels.a in body must be of type string: "integer"'] },
  { description: "null where not nullable (after pruning, only in lists)", object: "spec: {image: app, hosts: [null]}", causes: ['spec.hosts[0]: Invalid value: "null": spec.hosts[0] in body must be of type string: "null"'] },
];

describe("structural schema", () => {
  it.each(PRUNE_AND_DEFAULT)("prune + default: $description", ({ object, expected, pruned = [] }) => {
    const o = parse(object) as Obj;
    expect(prune(o, SCHEMA)).toEqual(pruned);
    applySchemaDefaults(o, SCHEMA);
    expect(o).toEqual(parse(expected));
  });

  it.each(CAUSES)("validate: $description", ({ object, causes }) => {
    const o = parse(object) as Obj;
    prune(o, SCHEMA);
    applySchemaDefaults(o, SCHEMA);
    expect(schemaCauses(o, SCHEMA).map((c) => `${c.field}: ${c.message}`)).toEqual(causes);
  });
});
