import { parseDocument } from "@/lib/materialize";
import { describe, expect, it } from "vitest";
import { type DiffRow, diffRows, livePatch } from "./drift-diff";

type Obj = Record<string, unknown>;
const y = (text: string) => parseDocument(text) as Obj;

const cases: { description: string; config: string; live: string; rows: DiffRow[]; patch?: string }[] = [
  {
    description: "equal fields — no rows",
    config: "kind: Deployment\nspec: {replicas: 2}",
    live: "kind: Deployment\nspec: {replicas: 2}",
    rows: [],
  },
  {
    description: "server defaults, status and managedFields are not drift",
    config: "kind: Deployment\nmetadata: {name: a}\nspec: {replicas: 2}",
    live: "kind: Deployment\nmetadata: {name: a, uid: u1, resourceVersion: '7', managedFields: [{manager: x}]}\nspec: {replicas: 2, progressDeadlineSeconds: 600}\nstatus: {readyReplicas: 2}",
    rows: [],
  },
  {
    description: "changed scalar — dotted key, values as text",
    config: "spec: {replicas: 3}",
    live: "spec: {replicas: 1}",
    rows: [{ key: "spec.replicas", expected: "3", got: "1" }],
    patch: "spec: {replicas: 1}",
  },
  {
    description: "missing live field — <absent>, patch removes it",
    config: "metadata: {labels: {tier: web}}",
    live: "metadata: {labels: {}}",
    rows: [{ key: "metadata.labels.tier", expected: "web", got: "<absent>" }],
    patch: "metadata: {labels: {tier: null}}",
  },
  {
    description: "merge containers by name — key carries the config's index",
    config: "spec: {containers: [{name: a, image: 'x:1'}, {name: b, image: 'y:1'}]}",
    live: "spec: {containers: [{name: b, image: 'y:2', imagePullPolicy: IfNotPresent}, {name: a, image: 'x:1'}]}",
    rows: [{ key: "spec.containers.1.image", expected: "y:1", got: "y:2" }],
    patch: "spec: {containers: [{name: b, image: 'y:2'}]}",
  },
  {
    description: "a config item missing live — one row; patch deletes it",
    config: "spec: {containers: [{name: a, image: 'x'}, {name: side, image: 's'}]}",
    live: "spec: {containers: [{name: a, image: 'x'}]}",
    rows: [{ key: "spec.containers.1", expected: '{"name":"side","image":"s"}', got: "<absent>" }],
    patch: "spec: {containers: [{name: side, $patch: delete}]}",
  },
  {
    description: "lists of scalars compare whole",
    config: "args: [--a, --b]",
    live: "args: [--a]",
    rows: [{ key: "args", expected: '["--a","--b"]', got: '["--a"]' }],
    patch: "args: [--a]",
  },
  {
    description: "lists of maps without merge key — by index, patch carries the whole list",
    config: "rules: [{host: a}, {host: b}]",
    live: "rules: [{host: a}, {host: c}]",
    rows: [{ key: "rules.1.host", expected: "b", got: "c" }],
    patch: "rules: [{host: a}, {host: c}]",
  },
  {
    description: "numbers and strings compare as text, quantities by value",
    config: "ports: [{containerPort: 80, targetPort: '8080'}]\nresources: {requests: {cpu: 0.5, memory: 1Gi}, limits: {cpu: '2'}}",
    live: "ports: [{containerPort: 80, targetPort: 8080}]\nresources: {requests: {cpu: 500m, memory: 1024Mi}, limits: {cpu: 2000m}}",
    rows: [],
  },
  {
    description: "null and empty values in the config set nothing",
    config: "metadata: {annotations: {}, creationTimestamp: null}\nspec: {strategy: {}, volumes: []}",
    live: "metadata: {creationTimestamp: '2026-01-01T00:00:00Z'}\nspec: {strategy: {type: RollingUpdate}}",
    rows: [],
  },
  {
    description: "Secret stringData compares with base64 data; values redacted",
    config: "kind: Secret\nstringData: {password: hunter2, user: admin}",
    live: "kind: Secret\ndata: {password: aHVudGVyMg==, user: cm9vdA==}",
    rows: [{ key: "data.user", expected: "R(YWRtaW4=)", got: "R(cm9vdA==)" }],
  },
];

describe("drift rows", () => {
  it.each(cases)("$description", ({ config, live, rows, patch }) => {
    const redact = (v: string) => `R(${v})`;
    const actual = diffRows(y(config), y(live), redact);
    if (JSON.stringify(actual) !== JSON.stringify(rows)) console.log({ config, live, expected: rows, actual });
    expect(actual).toEqual(rows);
    if (patch !== undefined) expect(livePatch(y(config), y(live))).toEqual(y(patch));
  });
});
