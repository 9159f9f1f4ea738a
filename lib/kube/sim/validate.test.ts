// Object names per kind, as apimachinery validates them: a table of {kind, name, error substring or null}.
import { describe, expect, it } from "vitest";
import { ApiError } from "./errors";
import { BUILTIN_TYPES } from "./registry";
import { validate } from "./validate";

const rt = (kind: string) => {
  const t = BUILTIN_TYPES.find((r) => r.kind === kind);
  if (!t) throw new Error(kind);
  return t;
};

const SUBDOMAIN = "a lowercase RFC 1123 subdomain";
const CASES: { kind: string; name: string; error: string | null }[] = [
  { kind: "ClusterRole", name: "system:coredns", error: null },
  { kind: "ClusterRoleBinding", name: "resource-metrics:system:auth-delegator", error: null },
  { kind: "Role", name: "Extension API Server Reader", error: null },
  { kind: "RoleBinding", name: "system::leader-locking", error: null },
  { kind: "ClusterRole", name: "a/b", error: "may not contain '/'" },
  { kind: "ClusterRole", name: "100%", error: "may not contain '%'" },
  { kind: "Role", name: "..", error: "may not be '..'" },
  { kind: "ConfigMap", name: "system:coredns", error: SUBDOMAIN },
  { kind: "ConfigMap", name: "kube-root-ca.crt", error: null },
  { kind: "Secret", name: "Bad_Name", error: SUBDOMAIN },
  { kind: "Deployment", name: `${"a".repeat(254)}`, error: "must be no more than 253 characters" },
  { kind: "ServiceAccount", name: "metrics-server", error: null },
  { kind: "Namespace", name: "team.a", error: "a lowercase RFC 1123 label" },
  { kind: "Namespace", name: "1team", error: null },
  { kind: "Service", name: "1svc", error: "a DNS-1035 label" },
  { kind: "Service", name: "svc.x", error: "a DNS-1035 label" },
  { kind: "Service", name: `s${"a".repeat(63)}`, error: "must be no more than 63 characters" },
  { kind: "PriorityClass", name: "system-cluster-critical", error: null },
  { kind: "StorageClass", name: "gp3.encrypted", error: null },
  { kind: "ValidatingWebhookConfiguration", name: "cert-manager:webhook", error: SUBDOMAIN },
  { kind: "APIService", name: "v1beta1.metrics.k8s.io", error: null },
  { kind: "APIService", name: "metrics", error: 'must be `spec.version+"."+spec.group`' },
  { kind: "Pod", name: "", error: "Required value: name or generateName is required" },
];

function nameError(kind: string, name: string): string | null {
  const spec = kind === "APIService" ? { group: "metrics.k8s.io", version: "v1beta1" } : {};
  try {
    validate(rt(kind), { metadata: { name }, spec }, undefined);
    return null;
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    return e.message;
  }
}

describe("object names", () => {
  it.each(CASES)("$kind $name", ({ kind, name, error }) => {
    const got = nameError(kind, name);
    if (error === null) expect(got).toBeNull();
    else expect(got).toContain(error);
  });
});
