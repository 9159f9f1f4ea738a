/**
 * Differential test on a release shaped like a real one (one name across seven kinds, one Role in
 * two namespaces, a ClusterRole with a path-segment name, a List document): every object this
 * library materializes equals what kubectl reads from the same text (YAML 1.1 scalars: `0644`,
 * `010`, `yes`, `no`, `off`) with the same patches,
 * applied in version order (`kubectl patch --local`, strategic or JSON). With CI=true a missing
 * kubectl fails the test.
 */
import { describe, expect, it } from "vitest";
import { parseBaseObjects } from "./base-objects";
import { jsonEqual } from "./json-value";
import { materialize, type PatchRecord } from "./materialize";
import { parsePatchText } from "./patch-text";
import { kubectlAvailable, kubectlPatchChain } from "./testing/kubectl";

const available = kubectlAvailable();

const RELEASE = `apiVersion: apps/v1
kind: Deployment
metadata: {name: frontend, namespace: shop, labels: {app: frontend}}
spec:
  replicas: 1
  selector: {matchLabels: {app: frontend}}
  template:
    metadata: {labels: {app: frontend}}
    spec:
      serviceAccountName: frontend
      containers:
      - name: server
        image: gcr.io/shop/frontend:1.0
        ports: [{containerPort: 8080, name: http}]
        env: [{name: PORT, value: "8080"}]
        volumeMounts: [{name: conf, mountPath: /etc/frontend, readOnly: yes}]
        securityContext: {runAsUser: 010, allowPrivilegeEscalation: no}
      - name: envoy
        image: envoyproxy/envoy:v1.30
      volumes:
      - name: conf
        configMap: {name: frontend, defaultMode: 0644}
      automountServiceAccountToken: off
---
apiVersion: v1
kind: Service
metadata: {name: frontend, namespace: shop}
spec:
  selector: {app: frontend}
  ports:
  - {name: http, port: 80, targetPort: 8080}
  - {name: metrics, port: 9090, targetPort: 9090}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: frontend, namespace: shop}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: frontend, namespace: shop}
data: {LOG_LEVEL: info, FEATURES: "a,b"}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleList
items:
- apiVersion: rbac.authorization.k8s.io/v1
  kind: Role
  metadata: {name: prometheus-k8s, namespace: shop}
  rules: [{apiGroups: [""], resources: [pods, endpoints], verbs: [get, list, watch]}]
- apiVersion: rbac.authorization.k8s.io/v1
  kind: Role
  metadata: {name: prometheus-k8s, namespace: monitoring}
  rules: [{apiGroups: [""], resources: [pods], verbs: [get]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: frontend, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: prometheus-k8s}
subjects: [{kind: ServiceAccount, name: frontend, namespace: shop}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: "frontend:system:auth-delegator"}
rules: [{apiGroups: [authentication.k8s.io], resources: [tokenreviews], verbs: [create]}]
`;

/** The patches, in version order: by qualified name, by namespace, by kind label, by a custom label, JSON and strategic. */
const PATCHES = [
  "# target: deployment.apps/frontend\nspec:\n  template:\n    spec:\n      containers:\n      - name: server\n        env: [{name: LOG_FORMAT, value: json}]\n        ports: [{containerPort: 9090, name: metrics}]\n",
  "# target: service/frontend\nspec:\n  ports:\n  - {port: 9090, targetPort: 9091}\n  - {name: grpc, port: 50051, targetPort: 50051}\n",
  "# target: monitoring/role/prometheus-k8s\nrules: [{apiGroups: [\"\"], resources: [pods, services], verbs: [get, list]}]\n",
  '{"target": "serviceaccount/frontend", "kind": "ServiceAccount", "patch": [{"op": "add", "path": "/automountServiceAccountToken", "value": false}]}',
  "# target: edge\nmetadata:\n  labels: {tier: edge}\n",
  "# target: Deployment\nspec:\n  template:\n    spec:\n      containers:\n      - name: envoy\n        $patch: delete\n",
  "# target: frontend:system:auth-delegator\nmetadata:\n  labels: {rbac.example.com/aggregate-to-view: \"true\"}\n",
  "# target: frontend\nspec: {replicas: 9}\n",
];

describe("a real-release-shaped store materializes as kubectl reads and patches it", () => {
  it.runIf(process.env.CI === "true" && !available)("needs kubectl in CI", () => {
    expect.fail("kubectl is not on PATH (set KUBECTL to its path)");
  });

  it.runIf(available)(
    "every object, every patch that reaches it",
    async () => {
      const objects = parseBaseObjects(RELEASE);
      const records: PatchRecord[] = PATCHES.map((text, i) => {
        const patch = parsePatchText(text);
        return { version: i + 1, target: patch.target!, patch };
      });
      const result = materialize({ objects, patches: records, bindings: { edge: ["configmap/frontend", "shop/role/prometheus-k8s", "service/frontend"] } });
      expect(result.objects.map((o) => o.key).sort()).toEqual([
        "clusterrole.rbac.authorization.k8s.io/frontend:system:auth-delegator",
        "monitoring/role.rbac.authorization.k8s.io/prometheus-k8s",
        "shop/configmap/frontend",
        "shop/deployment.apps/frontend",
        "shop/role.rbac.authorization.k8s.io/prometheus-k8s",
        "shop/rolebinding.rbac.authorization.k8s.io/frontend",
        "shop/service/frontend",
        "shop/serviceaccount/frontend",
      ]);
      const spec = (result.objects.find((o) => o.key === "shop/deployment.apps/frontend")!.object.spec as { template: { spec: Record<string, unknown> } }).template.spec;
      expect(spec.volumes).toEqual([{ name: "conf", configMap: { name: "frontend", defaultMode: 420 } }]);
      expect(spec.automountServiceAccountToken).toBe(false);
      // The bare name `frontend` is ambiguous: that patch reaches nothing and waits.
      expect(result.unmatched.map((u) => u.version)).toEqual([8]);
      const failures: string[] = [];
      for (const m of result.objects) {
        expect(m.patches.filter((o) => o.status === "failed"), m.key).toEqual([]);
        const applied = m.patches.filter((o) => o.status === "applied").map((o) => records[o.version - 1]!.patch);
        const steps = applied.map((p) =>
          p.format === "JSON" ? { type: "json" as const, patch: p.ops } : { type: "strategic" as const, patch: p.body },
        );
        const id = objects.find((o) => o.key === m.key)!.id;
        // kubectl reads a List's items as objects of their own: a Role is given to it as its own text.
        const text = id.kind === "Role" ? roleDocument(id.namespace) : RELEASE;
        const oracle = await kubectlPatchChain(text, { kind: id.kind, name: id.name, namespace: id.namespace || undefined }, steps);
        if (!oracle.ok) failures.push(`${m.key}: kubectl failed: ${oracle.error}`);
        else if (!jsonEqual(m.object, oracle.object)) failures.push(`${m.key}:\nours:    ${JSON.stringify(m.object)}\nkubectl: ${JSON.stringify(oracle.object)}`);
      }
      expect(failures, failures.join("\n\n")).toEqual([]);
    },
    60_000,
  );
});

/** The Role of one namespace out of the RoleList, as a document of its own. */
function roleDocument(namespace: string): string {
  const items = RELEASE.split("items:\n")[1]!.split("\n---")[0]!;
  const item = items.split(/^- /m).find((i) => i.includes(`namespace: ${namespace}}`))!;
  return item.replace(/^ {2}/gm, "");
}
