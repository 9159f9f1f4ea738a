/**
 * Namespace transform tables: `{description, object, expected, set}` with YAML strings; `crds`
 * are the store's CRDs the transform is told about, `movedFrom` the namespaces it empties.
 */
import jsYaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { buildCrdIndex } from "./crds";
import type { JsonMap } from "./json-value";
import { namespacesMovedFrom, setNamespace } from "./namespace-transform";

interface Case {
  description: string;
  object: string;
  expected: string;
  /** JSON pointers the transform reports as set. */
  set: string[];
  crds?: string[];
  movedFrom?: string[];
}

const crd = (group: string, kind: string, scope: string) =>
  `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: ${kind.toLowerCase()}s.${group}}\nspec: {group: ${group}, scope: ${scope}, names: {kind: ${kind}, plural: ${kind.toLowerCase()}s}}`;

const scopes: Case[] = [
  {
    description: "namespaced built-in: set, replacing the base's",
    object: "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d, namespace: old}",
    expected: "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d, namespace: new}",
    set: ["/metadata/namespace"],
  },
  {
    description: "cluster-scoped built-in: the base's namespace is removed",
    object: "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r, namespace: old}",
    expected: "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r}",
    set: [],
  },
  ...[
    ["certificates.k8s.io/v1", "CertificateSigningRequest"],
    ["storage.k8s.io/v1", "VolumeAttachment"],
    ["admissionregistration.k8s.io/v1", "ValidatingAdmissionPolicy"],
    ["flowcontrol.apiserver.k8s.io/v1", "PriorityLevelConfiguration"],
    ["networking.k8s.io/v1", "IngressClass"],
    ["v1", "PersistentVolume"],
  ].map(([apiVersion, kind]) => ({
    description: `cluster-scoped built-in ${kind}: no namespace`,
    object: `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: {name: x}`,
    expected: `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: {name: x}`,
    set: [],
  })),
  {
    description: "a custom resource named like a cluster-scoped built-in is judged by its group",
    object: "apiVersion: example.com/v1\nkind: Node\nmetadata: {name: n}",
    expected: "apiVersion: example.com/v1\nkind: Node\nmetadata: {name: n, namespace: new}",
    set: ["/metadata/namespace"],
  },
  {
    description: "custom resource whose CRD says Cluster: no namespace",
    object: "apiVersion: cert-manager.io/v1\nkind: ClusterIssuer\nmetadata: {name: ca, namespace: old}",
    expected: "apiVersion: cert-manager.io/v1\nkind: ClusterIssuer\nmetadata: {name: ca}",
    set: [],
    crds: [crd("cert-manager.io", "ClusterIssuer", "Cluster")],
  },
  {
    description: "custom resource whose CRD says Namespaced: set",
    object: "apiVersion: cert-manager.io/v1\nkind: Issuer\nmetadata: {name: ca}",
    expected: "apiVersion: cert-manager.io/v1\nkind: Issuer\nmetadata: {name: ca, namespace: new}",
    set: ["/metadata/namespace"],
    crds: [crd("cert-manager.io", "Issuer", "Namespaced")],
  },
  {
    description: "a cluster-scoped CRD's kind in another group is namespaced",
    object: "apiVersion: other.example.com/v1\nkind: ClusterIssuer\nmetadata: {name: ca}",
    expected: "apiVersion: other.example.com/v1\nkind: ClusterIssuer\nmetadata: {name: ca, namespace: new}",
    set: ["/metadata/namespace"],
    crds: [crd("cert-manager.io", "ClusterIssuer", "Cluster")],
  },
  {
    description: "without apiVersion, the kind alone decides",
    object: "kind: Namespace\nmetadata: {name: n}",
    expected: "kind: Namespace\nmetadata: {name: n}",
    set: [],
  },
  {
    description: "an object without metadata gets one",
    object: "apiVersion: v1\nkind: ConfigMap",
    expected: "apiVersion: v1\nkind: ConfigMap\nmetadata: {namespace: new}",
    set: ["/metadata/namespace"],
  },
];

const binding = (kind: string, subjects: string) =>
  `apiVersion: rbac.authorization.k8s.io/v1\nkind: ${kind}\nmetadata: {name: b${kind === "RoleBinding" ? ", namespace: staging" : ""}}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: r}\nsubjects: ${subjects}`;

const bindingAfter = (kind: string, subjects: string) => binding(kind, subjects).replace("namespace: staging}", "namespace: new}");

const subjects: Case[] = [
  {
    description: "RoleBinding: ServiceAccounts of the namespaces moved from, and without one, move; others stay",
    object: binding(
      "RoleBinding",
      "[{kind: ServiceAccount, name: a, namespace: staging}, {kind: ServiceAccount, name: b, namespace: jobs}, {kind: ServiceAccount, name: c}, {kind: ServiceAccount, name: default, namespace: kube-system}]",
    ),
    expected: bindingAfter(
      "RoleBinding",
      "[{kind: ServiceAccount, name: a, namespace: new}, {kind: ServiceAccount, name: b, namespace: new}, {kind: ServiceAccount, name: c, namespace: new}, {kind: ServiceAccount, name: default, namespace: kube-system}]",
    ),
    set: ["/metadata/namespace", "/subjects/0/namespace", "/subjects/1/namespace", "/subjects/2/namespace"],
    movedFrom: ["jobs"],
  },
  {
    description: "RoleBinding: the binding's own former namespace counts as moved from",
    object: binding("RoleBinding", "[{kind: ServiceAccount, name: a, namespace: staging}]"),
    expected: bindingAfter("RoleBinding", "[{kind: ServiceAccount, name: a, namespace: new}]"),
    set: ["/metadata/namespace", "/subjects/0/namespace"],
  },
  {
    description: "ClusterRoleBinding: subjects move, the binding gets no namespace",
    object: binding("ClusterRoleBinding", "[{kind: ServiceAccount, name: a, namespace: staging}, {kind: ServiceAccount, name: c}, {kind: ServiceAccount, name: d, namespace: other}]"),
    expected: binding("ClusterRoleBinding", "[{kind: ServiceAccount, name: a, namespace: new}, {kind: ServiceAccount, name: c, namespace: new}, {kind: ServiceAccount, name: d, namespace: other}]"),
    set: ["/subjects/0/namespace", "/subjects/1/namespace"],
    movedFrom: ["staging"],
  },
  {
    description: "Users and Groups are not moved, even named default or with a namespace",
    object: binding("ClusterRoleBinding", "[{kind: User, name: default, apiGroup: rbac.authorization.k8s.io}, {kind: Group, name: g, namespace: staging}]"),
    expected: binding("ClusterRoleBinding", "[{kind: User, name: default, apiGroup: rbac.authorization.k8s.io}, {kind: Group, name: g, namespace: staging}]"),
    set: [],
    movedFrom: ["staging"],
  },
  {
    description: "a subjects field of a custom resource named RoleBinding is not RBAC's",
    object: "apiVersion: example.com/v1\nkind: RoleBinding\nmetadata: {name: b}\nsubjects: [{kind: ServiceAccount, name: a}]",
    expected: "apiVersion: example.com/v1\nkind: RoleBinding\nmetadata: {name: b, namespace: new}\nsubjects: [{kind: ServiceAccount, name: a}]",
    set: ["/metadata/namespace"],
  },
];

const services: Case[] = [
  {
    description: "webhook configurations: services of the namespaces moved from move",
    object:
      "apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingWebhookConfiguration\nmetadata: {name: v}\nwebhooks:\n- {name: a.x.io, clientConfig: {service: {name: hook, namespace: staging}}}\n- {name: b.x.io, clientConfig: {service: {name: hook, namespace: other}}}\n- {name: c.x.io, clientConfig: {url: 'https://x'}}",
    expected:
      "apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingWebhookConfiguration\nmetadata: {name: v}\nwebhooks:\n- {name: a.x.io, clientConfig: {service: {name: hook, namespace: new}}}\n- {name: b.x.io, clientConfig: {service: {name: hook, namespace: other}}}\n- {name: c.x.io, clientConfig: {url: 'https://x'}}",
    set: ["/webhooks/0/clientConfig/service/namespace"],
    movedFrom: ["staging"],
  },
  {
    description: "MutatingWebhookConfiguration too",
    object: "apiVersion: admissionregistration.k8s.io/v1\nkind: MutatingWebhookConfiguration\nmetadata: {name: m}\nwebhooks: [{name: a.x.io, clientConfig: {service: {name: hook, namespace: staging}}}]",
    expected: "apiVersion: admissionregistration.k8s.io/v1\nkind: MutatingWebhookConfiguration\nmetadata: {name: m}\nwebhooks: [{name: a.x.io, clientConfig: {service: {name: hook, namespace: new}}}]",
    set: ["/webhooks/0/clientConfig/service/namespace"],
    movedFrom: ["staging"],
  },
  {
    description: "APIService spec.service",
    object: "apiVersion: apiregistration.k8s.io/v1\nkind: APIService\nmetadata: {name: v1.x.io}\nspec: {group: x.io, version: v1, service: {name: api, namespace: staging}}",
    expected: "apiVersion: apiregistration.k8s.io/v1\nkind: APIService\nmetadata: {name: v1.x.io}\nspec: {group: x.io, version: v1, service: {name: api, namespace: new}}",
    set: ["/spec/service/namespace"],
    movedFrom: ["staging"],
  },
  {
    description: "APIService of a namespace not moved from stays",
    object: "apiVersion: apiregistration.k8s.io/v1\nkind: APIService\nmetadata: {name: v1beta1.metrics.k8s.io}\nspec: {service: {name: metrics-server, namespace: kube-system}}",
    expected: "apiVersion: apiregistration.k8s.io/v1\nkind: APIService\nmetadata: {name: v1beta1.metrics.k8s.io}\nspec: {service: {name: metrics-server, namespace: kube-system}}",
    set: [],
    movedFrom: ["staging"],
  },
  {
    description: "CRD conversion webhook (v1 and v1beta1 fields)",
    object:
      "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: ws.x.io}\nspec: {group: x.io, scope: Namespaced, names: {kind: W}, conversion: {strategy: Webhook, webhook: {clientConfig: {service: {name: conv, namespace: staging}}}}}",
    expected:
      "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: ws.x.io}\nspec: {group: x.io, scope: Namespaced, names: {kind: W}, conversion: {strategy: Webhook, webhook: {clientConfig: {service: {name: conv, namespace: new}}}}}",
    set: ["/spec/conversion/webhook/clientConfig/service/namespace"],
    movedFrom: ["staging"],
  },
  {
    description: "CRD conversion webhook, apiextensions.k8s.io/v1beta1 field",
    object: "apiVersion: apiextensions.k8s.io/v1beta1\nkind: CustomResourceDefinition\nmetadata: {name: ws.x.io}\nspec: {conversion: {webhookClientConfig: {service: {name: conv, namespace: staging}}}}",
    expected: "apiVersion: apiextensions.k8s.io/v1beta1\nkind: CustomResourceDefinition\nmetadata: {name: ws.x.io}\nspec: {conversion: {webhookClientConfig: {service: {name: conv, namespace: new}}}}",
    set: ["/spec/conversion/webhookClientConfig/service/namespace"],
    movedFrom: ["staging"],
  },
];

const tables: Record<string, Case[]> = { scopes, "RBAC subjects": subjects, "Service references": services };

describe.each(Object.entries(tables))("namespace transform: %s", (_name, table) => {
  it.each(table)("$description", (c) => {
    const object = jsYaml.load(c.object) as JsonMap;
    const scopes = buildCrdIndex((c.crds ?? []).map((text) => jsYaml.load(text)));
    const set = setNamespace(object, "new", { scopes, movedFrom: new Set(c.movedFrom) });
    const expected = jsYaml.load(c.expected);
    expect(object, `object:\n${c.object}\nexpected:\n${jsYaml.dump(expected)}actual:\n${jsYaml.dump(object)}`).toEqual(expected);
    expect(set).toEqual(c.set);
  });
});

describe("namespacesMovedFrom", () => {
  it("takes the namespaces of namespaced objects only", () => {
    const objects = jsYaml.loadAll(
      [
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a, namespace: staging}",
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}",
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: c, namespace: stray}",
        "apiVersion: x.io/v1\nkind: Thing\nmetadata: {name: d, namespace: jobs}",
        "apiVersion: x.io/v1\nkind: ClusterThing\nmetadata: {name: e, namespace: stray2}",
        crd("x.io", "ClusterThing", "Cluster"),
      ].join("\n---\n"),
    );
    expect([...namespacesMovedFrom(objects, buildCrdIndex(objects))].sort()).toEqual(["jobs", "staging"]);
  });
});
