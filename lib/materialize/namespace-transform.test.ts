/**
 * Namespace transform tables: `{description, object, expected, set}` with YAML strings; `crds`
 * are the store's CRDs the transform is told about, `movedFrom` the namespaces it empties.
 */
import jsYaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { buildCrdIndex } from "./crds";
import type { JsonMap } from "./json-value";
import { setNamespace } from "./namespace-transform";

interface Case {
  description: string;
  object: string;
  expected: string;
  /** JSON pointers the transform reports as set. */
  set: string[];
  crds?: string[];
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

const tables: Record<string, Case[]> = { scopes };

describe.each(Object.entries(tables))("namespace transform: %s", (_name, table) => {
  it.each(table)("$description", (c) => {
    const object = jsYaml.load(c.object) as JsonMap;
    const set = setNamespace(object, "new", { scopes: buildCrdIndex((c.crds ?? []).map((text) => jsYaml.load(text))) });
    const expected = jsYaml.load(c.expected);
    expect(object, `object:\n${c.object}\nexpected:\n${jsYaml.dump(expected)}actual:\n${jsYaml.dump(object)}`).toEqual(expected);
    expect(set).toEqual(c.set);
  });
});
