import { parseDocument } from "@/lib/materialize";
import { buildCrdIndex } from "@/lib/materialize/crds";
import { describe, expect, it } from "vitest";
import { type DiffRow, diffRows, livePatch } from "./drift-diff";

type Obj = Record<string, unknown>;
const y = (text: string) => parseDocument(text) as Obj;

interface Case {
  description: string;
  config: string;
  live: string;
  rows: DiffRow[];
  patch?: string;
  /** CRDs of the store (YAML). */
  crds?: string[];
}

const networkPolicy = (ports: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np}\nspec: {podSelector: {}, ingress: [{from: [{podSelector: {}}], ports: ${ports}}]}`;
const service = (ports: string) => `apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: ${ports}}`;
const deployment = (ports: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec: {template: {spec: {containers: [{name: c, ports: ${ports}}]}}}`;
const widget = (ports: string) => `apiVersion: x.io/v1\nkind: Widget\nmetadata: {name: w}\nspec: {ports: ${ports}}`;
const widgetCrd = (ports: string) =>
  `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: widgets.x.io}\nspec: {group: x.io, scope: Namespaced, names: {kind: Widget}, versions: [{name: v1, storage: true, schema: {openAPIV3Schema: {type: object, properties: {spec: {type: object, properties: {ports: ${ports}}}}}}}]}`;

const lists: Case[] = [
  {
    description: "NetworkPolicy ports 9094/TCP and 9094/UDP: atomic lists, matched by position — no rows",
    config: networkPolicy("[{port: 9094, protocol: TCP}, {port: 9094, protocol: UDP}]"),
    live: networkPolicy("[{port: 9094, protocol: TCP}, {port: 9094, protocol: UDP}]"),
    rows: [],
  },
  {
    description: "NetworkPolicy: a port without protocol is no drift against the defaulted TCP",
    config: networkPolicy("[{port: 9094}]"),
    live: networkPolicy("[{port: 9094, protocol: TCP}]"),
    rows: [],
  },
  {
    description: "NetworkPolicy: a changed port, by position; the patch carries the atomic rules whole",
    config: networkPolicy("[{port: 9094, protocol: TCP}, {port: 9094, protocol: UDP}]"),
    live: networkPolicy("[{port: 9094, protocol: TCP}, {port: 9095, protocol: UDP}]"),
    rows: [{ key: "spec.ingress.0.ports.1.port", expected: "9094", got: "9095" }],
    patch: "spec: {ingress: [{from: [{podSelector: {}}], ports: [{port: 9094, protocol: TCP}, {port: 9095, protocol: UDP}]}]}",
  },
  {
    description: "Service ports by port and protocol, whatever the live order — no rows",
    config: service("[{port: 9094, protocol: TCP, targetPort: 1}, {port: 9094, protocol: UDP, targetPort: 2}]"),
    live: service("[{port: 9094, protocol: UDP, targetPort: 2}, {port: 9094, protocol: TCP, targetPort: 1}]"),
    rows: [],
  },
  {
    description: "Service port without protocol is TCP: matched with the live TCP port, not the UDP one",
    config: service("[{port: 53, targetPort: 5353}]"),
    live: service("[{port: 53, protocol: UDP, targetPort: 1}, {port: 53, protocol: TCP, targetPort: 5353}]"),
    rows: [],
  },
  {
    description: "Service ports sharing a port number: the patch carries the list whole, with $patch: replace",
    config: service("[{port: 53, protocol: TCP, targetPort: 1}, {port: 53, protocol: UDP, targetPort: 2}]"),
    live: service("[{port: 53, protocol: TCP, targetPort: 1}, {port: 53, protocol: UDP, targetPort: 3}]"),
    rows: [{ key: "spec.ports.1.targetPort", expected: "2", got: "3" }],
    patch: "spec: {ports: [{port: 53, protocol: TCP, targetPort: 1}, {port: 53, protocol: UDP, targetPort: 3}, {$patch: replace}]}",
  },
  {
    description: "Service ports with distinct numbers: items carry their key fields",
    config: service("[{port: 80, targetPort: 8080}, {port: 443, protocol: TCP, targetPort: 8443}]"),
    live: service("[{port: 443, protocol: TCP, targetPort: 9443}, {port: 80, protocol: TCP, targetPort: 8080}]"),
    rows: [{ key: "spec.ports.1.targetPort", expected: "8443", got: "9443" }],
    patch: "spec: {ports: [{port: 443, protocol: TCP, targetPort: 9443}]}",
  },
  {
    description: "container ports by containerPort and protocol",
    config: deployment("[{containerPort: 9094, protocol: UDP, hostPort: 1}, {containerPort: 9094, hostPort: 2}]"),
    live: deployment("[{containerPort: 9094, protocol: TCP, hostPort: 2}, {containerPort: 9094, protocol: UDP, hostPort: 1}]"),
    rows: [],
  },
  {
    description: "a missing container port of two sharing a number: one row",
    config: deployment("[{containerPort: 9094, protocol: UDP}, {containerPort: 9094}]"),
    live: deployment("[{containerPort: 9094, protocol: TCP}]"),
    rows: [{ key: "spec.template.spec.containers.0.ports.0", expected: '{"containerPort":9094,"protocol":"UDP"}', got: "<absent>" }],
  },
  {
    description: "custom resource: the CRD's list-map-keys match items",
    config: widget("[{port: 53, protocol: TCP, v: a}, {port: 53, protocol: UDP, v: b}]"),
    live: widget("[{port: 53, protocol: UDP, v: b}, {port: 53, protocol: TCP, v: a}]"),
    rows: [],
    crds: [widgetCrd("{type: array, x-kubernetes-list-type: map, x-kubernetes-list-map-keys: [port, protocol], items: {type: object}}")],
  },
  {
    description: "custom resource: a list its CRD does not declare a map is matched by position",
    config: widget("[{name: a, port: 1}, {name: b, port: 2}]"),
    live: widget("[{name: b, port: 2}, {name: a, port: 1}]"),
    rows: [
      { key: "spec.ports.0.name", expected: "a", got: "b" },
      { key: "spec.ports.0.port", expected: "1", got: "2" },
      { key: "spec.ports.1.name", expected: "b", got: "a" },
      { key: "spec.ports.1.port", expected: "2", got: "1" },
    ],
    crds: [widgetCrd("{type: array, items: {type: object}}")],
  },
  {
    description: "a list the kind does not describe: port and protocol (TCP when absent) are guessed as the key",
    config: widget("[{port: 9094, protocol: TCP, v: 1}, {port: 9094, protocol: UDP, v: 2}]"),
    live: widget("[{port: 9094, protocol: UDP, v: 2}, {port: 9094, v: 1}]"),
    rows: [],
  },
  {
    description: "sets compare as sets: a finalizer only the live object has is no drift",
    config: "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, finalizers: [a, b]}",
    live: "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, finalizers: [b, x, a]}",
    rows: [],
  },
  {
    description: "sets: a finalizer the live object lacks is drift",
    config: "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, finalizers: [a, b]}",
    live: "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, finalizers: [b]}",
    rows: [{ key: "metadata.finalizers", expected: '["a","b"]', got: '["b"]' }],
  },
  {
    description: "cluster-scoped: the namespace a config gives is dropped by the API server, no drift",
    config: "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r, namespace: platform}",
    live: "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r, uid: u}",
    rows: [],
  },
  {
    description: "namespaced: a different namespace is drift",
    config: "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: a}",
    live: "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: b}",
    rows: [{ key: "metadata.namespace", expected: "a", got: "b" }],
  },
];

const cases: Case[] = [
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

describe.each(Object.entries({ fields: cases, "list items": lists }))("drift rows: %s", (_name, table) => {
  it.each(table)("$description", ({ config, live, rows, patch, crds }) => {
    const redact = (v: string) => `R(${v})`;
    const options = { crds: buildCrdIndex((crds ?? []).map((text) => parseDocument(text))) };
    const actual = diffRows(y(config), y(live), redact, options);
    if (JSON.stringify(actual) !== JSON.stringify(rows)) console.log({ config, live, expected: rows, actual });
    expect(actual).toEqual(rows);
    if (patch !== undefined) expect(livePatch(y(config), y(live), options)).toEqual(y(patch));
  });
});
