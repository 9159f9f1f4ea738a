import { beforeAll, describe, expect, inject, it } from "vitest";
import { kubectlJson, waitFor } from "../support/cluster";
import { docs, form, tarGz, uniquePrefix, zip } from "../support/fixtures";
import { type ApiResponse, call, get } from "../support/http";

// Releases shaped like real ones (one name across kinds, one Role in several namespaces, a
// Namespace object with labels, cluster-scoped RBAC, List documents) through the whole flow over
// real HTTP, pushed by the app (client-node) to the simulated cluster and read back with kubectl.

type Body = Record<string, unknown>;
const bodyOf = (r: ApiResponse) => r.body as Body;
const dataOf = (r: ApiResponse) => bodyOf(r).data as Body;
const errorOf = (r: ApiResponse) => String(bodyOf(r).error);
type Live = { metadata: { name: string; namespace?: string; labels?: Record<string, string> }; spec?: Record<string, unknown>; data?: Record<string, string>; subjects?: { kind: string; name: string; namespace?: string }[] };

/** A release in the shape of a microservice's chart: Deployment, Service, ServiceAccount, ConfigMap, Role and RoleBinding all named `name`. */
function sameNameRelease(name: string, ns: string, image = "1.0"): string[] {
  return [
    `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${ns}, labels: {app: ${name}}}
spec:
  replicas: 1
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      serviceAccountName: ${name}
      containers:
      - name: server
        image: gcr.io/shop/${name}:${image}
        ports: [{containerPort: 8080}]
        env: [{name: PORT, value: "8080"}, {name: DEBUG, value: n}]
        volumeMounts: [{name: conf, mountPath: /etc/conf}]
      volumes:
      - name: conf
        configMap: {name: ${name}, defaultMode: 0644}
      automountServiceAccountToken: no
`,
    `apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: ${ns}}
spec:
  selector: {app: ${name}}
  ports: [{name: http, port: 80, targetPort: 8080}]
`,
    `apiVersion: v1
kind: ServiceAccount
metadata: {name: ${name}, namespace: ${ns}}
`,
    `apiVersion: v1
kind: ConfigMap
metadata: {name: ${name}, namespace: ${ns}}
data: {LOG_LEVEL: info}
`,
    `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: ${name}, namespace: ${ns}}
rules: [{apiGroups: [""], resources: [configmaps], verbs: [get, list]}]
`,
    `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: ${name}, namespace: ${ns}}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: ${name}}
subjects: [{kind: ServiceAccount, name: ${name}, namespace: ${ns}}]
`,
  ];
}

describe.each(inject("servers"))("real-release shapes on $name", (server) => {
  const p = uniquePrefix(`rr${server.name.slice(0, 2)}`);
  const shop = `${p}-shop`;
  const mon = `${p}-mon`;
  const frontend = `${p}-frontend`;
  const role = `${p}-prometheus`;
  const clusterRole = `${p}:system:auth-delegator`;
  const live = <T = Live>(args: string[]) => kubectlJson<T>(server.dataDir, ["get", ...args]);
  const upload = (release: string, ...objects: string[]) => call(server, "POST", "/base_configs", { form: { release_version: release, base_config: docs(...objects) } });
  const applyPatch = (patch: string, extra: Record<string, string> = {}) => call(server, "POST", "/patches/apply", { form: { patch, ...extra } });
  const q = encodeURIComponent;

  const namespaceObject = (name: string) => `apiVersion: v1
kind: Namespace
metadata:
  name: ${name}
  labels: {pod-security.kubernetes.io/enforce: restricted, istio-injection: enabled}
`;
  const monitoringRoles = ["default", mon, shop].map(
    (ns) => `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: ${role}, namespace: ${ns}}
rules: [{apiGroups: [""], resources: [pods], verbs: [get]}]
`,
  );
  const roleList = `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBindingList
items:
${["default", mon, shop]
  .map(
    (ns) => `- apiVersion: rbac.authorization.k8s.io/v1
  kind: RoleBinding
  metadata: {name: ${role}, namespace: ${ns}}
  roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: ${role}}
  subjects: [{kind: ServiceAccount, name: ${role}, namespace: ${mon}}]`,
  )
  .join("\n")}
`;
  const clusterRbac = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: "${clusterRole}"}
rules: [{apiGroups: [authentication.k8s.io], resources: [tokenreviews], verbs: [create]}]
`;

  beforeAll(async () => {
    expect((await get(server, "/setup")).status).toBe(200);
    const first = await upload("31.1.0", namespaceObject(shop), namespaceObject(mon), ...sameNameRelease(frontend, shop), ...monitoringRoles, roleList);
    expect(first.status, first.text).toBe(200);
  });

  it("takes a release whose objects share names across kinds and namespaces, and pushes every one", async () => {
    const listed = (await get(server, "/configs")).body as { configs: { objectName: string; kind: string; namespace: string | null }[] };
    const mine = listed.configs.filter((c) => c.objectName.includes(p));
    expect(mine.map((c) => c.objectName).sort()).toEqual(
      [
        `deployment.apps/${frontend}`,
        `service/${frontend}`,
        `serviceaccount/${frontend}`,
        `configmap/${frontend}`,
        `role.rbac.authorization.k8s.io/${frontend}`,
        `rolebinding.rbac.authorization.k8s.io/${frontend}`,
        shop,
        mon,
        `default/role.rbac.authorization.k8s.io/${role}`,
        `${mon}/role.rbac.authorization.k8s.io/${role}`,
        `${shop}/role.rbac.authorization.k8s.io/${role}`,
        `default/rolebinding.rbac.authorization.k8s.io/${role}`,
        `${mon}/rolebinding.rbac.authorization.k8s.io/${role}`,
        `${shop}/rolebinding.rbac.authorization.k8s.io/${role}`,
      ].sort(),
    );
    expect(mine.find((c) => c.objectName === `service/${frontend}`)).toMatchObject({ kind: "Service", namespace: shop });
    expect(mine.find((c) => c.objectName === shop)).toMatchObject({ kind: "Namespace", namespace: null });
    for (const c of mine) expect((c as unknown as { state: string }).state, c.objectName).toBe("IS_GOLDEN");
    // The same names live side by side in the cluster; the List was expanded into its items.
    const d = await live<{ metadata: { name: string }; spec: { template: { spec: { automountServiceAccountToken: boolean; volumes: { configMap: { defaultMode: number } }[]; containers: { env: { name: string; value: string }[] }[] } } } }>(["deployment", frontend, "-n", shop]);
    expect(d.metadata.name).toBe(frontend);
    // YAML as Kubernetes reads it: 0644 is octal, `no` a boolean; an env value keeps its text (`n`).
    expect(d.spec.template.spec.volumes[0]!.configMap.defaultMode).toBe(420);
    expect(d.spec.template.spec.automountServiceAccountToken).toBe(false);
    expect(d.spec.template.spec.containers[0]!.env).toContainEqual({ name: "DEBUG", value: "n" });
    expect((await live(["service", frontend, "-n", shop])).metadata.name).toBe(frontend);
    expect((await live(["serviceaccount", frontend, "-n", shop])).metadata.name).toBe(frontend);
    for (const ns of ["default", mon, shop]) expect((await live(["rolebinding", role, "-n", ns])).metadata.namespace).toBe(ns);
  });

  it("keeps the labels of the release's own Namespace objects (bare namespaces are created under another field manager)", async () => {
    for (const ns of [shop, mon]) {
      const labels = (await live(["namespace", ns])).metadata.labels ?? {};
      expect(labels).toMatchObject({ "pod-security.kubernetes.io/enforce": "restricted", "istio-injection": "enabled" });
    }
    expect((await call(server, "POST", "/deployment/update")).status).toBe(200);
    expect((await live(["namespace", shop])).metadata.labels).toMatchObject({ "istio-injection": "enabled" });
  });

  it("answers an ambiguous bare name with 409 listing every candidate, and changes nothing", async () => {
    const before = ((dataOf(await get(server, "/patches")).patches as unknown[]) ?? []).length;
    const config = await get(server, `/configs/${frontend}`);
    expect(config.status).toBe(409);
    expect(errorOf(config)).toContain(`'${frontend}' names 6 objects`);
    expect(errorOf(config)).toContain(`deployment.apps/${frontend}`);
    expect(errorOf(config)).toContain(`rolebinding.rbac.authorization.k8s.io/${frontend}`);
    const patched = await applyPatch(`# target: ${frontend}\nspec: {replicas: 2}\n`);
    expect(patched.status, patched.text).toBe(409);
    expect(errorOf(patched)).toContain(`service/${frontend}`);
    const roles = await get(server, `/configs/${q(`role/${role}`)}`);
    expect(roles.status).toBe(409);
    expect(errorOf(roles)).toContain(`${mon}/role.rbac.authorization.k8s.io/${role}`);
    const bind = await call(server, "POST", "/resource_labels/binding", { form: { label: `${p}-lbl`, object_name: frontend } });
    expect(bind.status).toBe(409);
    expect(((dataOf(await get(server, "/patches")).patches as unknown[]) ?? []).length).toBe(before);
  });

  it("addresses objects by qualified names in URL paths (encoded or not) and in # target:", async () => {
    for (const path of [`/configs/${q(`service/${frontend}`)}`, `/configs/service/${frontend}`, `/configs/Service/${frontend}`]) {
      const config = await get(server, path);
      expect(config.status, path).toBe(200);
      expect(bodyOf(config).objectName).toBe(`service/${frontend}`);
    }
    const namespaced = await get(server, `/configs/${mon}/role/${role}`);
    expect(namespaced.status, namespaced.text).toBe(200);
    expect(bodyOf(namespaced)).toMatchObject({ objectName: `${mon}/role.rbac.authorization.k8s.io/${role}` });
    const history = await get(server, `/configs/${mon}/role/${role}/history`);
    expect(history.status, history.text).toBe(200);

    const scaled = await applyPatch(`# target: deployment.apps/${frontend}\nspec: {replicas: 2}\n`, { description: "two replicas" });
    expect(scaled.status, scaled.text).toBe(200);
    expect(dataOf(scaled).successful_apply).toEqual([`deployment.apps/${frontend}`]);
    const svc = await applyPatch(`# target: service/${frontend}\nmetadata: {annotations: {team: shop}}\n`);
    expect(svc.status, svc.text).toBe(200);
    const sa = await applyPatch(`{"target": "serviceaccount/${frontend}", "kind": "ServiceAccount", "patch": [{"op": "add", "path": "/metadata/labels", "value": {"tier": "web"}}]}`);
    expect(sa.status, sa.text).toBe(200);
    const monRole = await applyPatch(`# target: ${mon}/role/${role}\nmetadata: {labels: {scope: monitoring}}\n`);
    expect(monRole.status, monRole.text).toBe(200);

    expect((await live<{ spec: { replicas: number } }>(["deployment", frontend, "-n", shop])).spec.replicas).toBe(2);
    expect((await live(["service", frontend, "-n", shop])).metadata).toMatchObject({ annotations: { team: "shop" } });
    expect((await live(["serviceaccount", frontend, "-n", shop])).metadata.labels).toEqual({ tier: "web" });
    expect((await live(["role", role, "-n", mon])).metadata.labels).toEqual({ scope: "monitoring" });
    expect((await live(["role", role, "-n", shop])).metadata.labels).toBeUndefined();

    const patches = (dataOf(await get(server, `/patches/${q(`deployment.apps/${frontend}`)}`)).patches as Body[]).map((x) => x.target);
    expect(patches).toEqual([`deployment.apps/${frontend}`]);
  });

  it("reaches custom labels and kind labels by qualified bindings, and lists objects by the key that addresses them", async () => {
    const label = `${p}-edge`;
    const bind = await call(server, "POST", "/resource_labels/binding", {
      body: new URLSearchParams([
        ["label", label],
        ["object_name", `configmap/${frontend}`],
        ["object_name", `${shop}/role/${role}`],
      ]).toString(),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(bind.status, bind.text).toBe(200);
    const members = await get(server, `/resource_labels/objects/${label}?must_exist=true`);
    expect(bodyOf(members).objects).toEqual(expect.arrayContaining([`configmap/${frontend}`, `${shop}/role.rbac.authorization.k8s.io/${role}`]));
    const patched = await applyPatch(`# target: ${label}\nmetadata: {labels: {edge: "yes"}}\n`);
    expect(patched.status, patched.text).toBe(200);
    expect(dataOf(patched).successful_apply).toEqual([`${shop}/role.rbac.authorization.k8s.io/${role}`, `configmap/${frontend}`].sort());
    expect((await live(["configmap", frontend, "-n", shop])).metadata.labels).toEqual({ edge: "yes" });
    const labels = await get(server, `/resource_labels/labels/${q(`configmap/${frontend}`)}`);
    expect(JSON.stringify(labels.body)).toContain(label);
  });

  it("takes RBAC names with ':' and cluster-scoped objects never get a namespace", async () => {
    const up = await upload("31.1.0", clusterRbac);
    expect(up.status, up.text).toBe(200);
    const config = await get(server, `/configs/${q(clusterRole)}`);
    expect(config.status, config.text).toBe(200);
    const patched = await applyPatch(`# target: ${clusterRole}\nmetadata: {labels: {aggregate: "true"}}\n`);
    expect(patched.status, patched.text).toBe(200);
    expect(String(bodyOf(await get(server, `/configs/${q(clusterRole)}`)).config)).not.toContain("namespace:");
  });

  it("refuses true duplicates only, naming all of them at once; nothing is stored", async () => {
    const dup = await upload("31.2.0", ...sameNameRelease(`${p}-dup`, shop), ...sameNameRelease(`${p}-dup`, shop).slice(0, 2), monitoringRoles[1]!, monitoringRoles[1]!);
    expect(dup.status).toBe(400);
    expect(errorOf(dup)).toContain("3 object(s) appear more than once");
    expect(errorOf(dup)).toContain(`${shop}/deployment.apps/${p}-dup (2 times)`);
    expect(errorOf(dup)).toContain(`${shop}/service/${p}-dup (2 times)`);
    expect(errorOf(dup)).toContain(`${mon}/role.rbac.authorization.k8s.io/${role} (2 times)`);
    expect((await get(server, `/base_configs?version=31.2.0`)).text).not.toContain(`${p}-dup`);
  });

  it("refuses objects the API server would refuse (names per kind, apiVersion, namespace), and patches with a kind that is not one; nothing is stored", async () => {
    for (const [doc, message] of [
      [`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: "../../etc/passwd", namespace: ${shop}}\n`, "metadata.name: a lowercase RFC 1123 subdomain"],
      [`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${p}-UPPER}\n`, "a lowercase RFC 1123 subdomain"],
      [`apiVersion: v1\nkind: Service\nmetadata: {name: "${p}-svc\u202ex"}\n`, "a DNS-1035 label"],
      [`apiVersion: apps/v1/extra\nkind: Deployment\nmetadata: {name: ${p}-x}\n`, "is not GROUP/VERSION"],
    ] as const) {
      const refused = await upload("31.9.0", sameNameRelease(`${p}-fine`, shop)[3]!, doc);
      expect(refused.status, doc).toBe(400);
      expect(errorOf(refused)).toContain(message);
    }
    expect(dataOf(await get(server, "/base_configs?version=31.9.0")).baseConfigs).toEqual([]);
    const patch = await applyPatch(`# target: service/${frontend}\nkind: [a]\nspec: {}\n`);
    expect(patch.status).toBe(400);
    expect(errorOf(patch)).toContain("kind must be a kind's name");
  });

  it("a name that becomes ambiguous later leaves existing patches on the object they were made for", async () => {
    const worker = `${p}-worker`;
    const deploymentOnly = sameNameRelease(worker, shop)[0]!;
    expect((await upload("31.1.0", deploymentOnly)).status).toBe(200);
    const bare = await applyPatch(`# target: ${worker}\nspec: {replicas: 3}\n`);
    expect(bare.status, bare.text).toBe(200);
    expect(dataOf(bare).successful_apply).toEqual([worker]);
    // A waiting patch written by bare name before its object exists, pinned when the object arrives.
    const waiting = await applyPatch(`# target: ${p}-later\nmetadata: {labels: {pinned: "yes"}}\n`);
    expect(waiting.status).toBe(200);
    const next = await upload("31.3.0", ...sameNameRelease(worker, shop), `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${p}-later, namespace: ${shop}}\ndata: {a: "1"}\n`);
    expect(next.status, next.text).toBe(200);
    expect((await upload("31.3.0", `apiVersion: v1\nkind: Secret\nmetadata: {name: ${p}-later, namespace: ${shop}}\nstringData: {a: "1"}\n`)).status).toBe(200);
    expect((await live<{ spec: { replicas: number } }>(["deployment", worker, "-n", shop])).spec.replicas).toBe(3);
    const patches = dataOf(await get(server, `/patches/${q(`deployment.apps/${worker}`)}`)).patches as Body[];
    expect(patches.map((x) => x.target)).toEqual([`deployment.apps/${worker}`]);
    expect((await live(["configmap", `${p}-later`, "-n", shop])).metadata.labels).toEqual({ pinned: "yes" });
    expect((await live(["secret", `${p}-later`, "-n", shop])).metadata.labels).toBeUndefined();
    // A second release: the patches are re-applied to the same objects.
    const image = await upload("31.4.0", ...sameNameRelease(worker, shop, "2.0"));
    expect(image.status, image.text).toBe(200);
    const d = await live<{ spec: { replicas: number; template: { spec: { containers: { image: string }[] } } } }>(["deployment", worker, "-n", shop]);
    expect(d.spec.replicas).toBe(3);
    expect(d.spec.template.spec.containers[0]!.image).toBe(`gcr.io/shop/${worker}:2.0`);
  });

  it("a kind change across releases is two objects: the new one is added, the old one stays, reported stale", async () => {
    const db = `${p}-db`;
    const asDeployment = sameNameRelease(db, shop)[0]!;
    expect((await upload("40.0.0", asDeployment)).status).toBe(200);
    const asStatefulSet = asDeployment.replace("kind: Deployment", "kind: StatefulSet").replace("replicas: 1", `replicas: 1\n  serviceName: ${db}`);
    const up = await upload("40.0.1", asStatefulSet);
    expect(up.status, up.text).toBe(200);
    expect(dataOf(up).successful_apply).toEqual([`statefulset.apps/${db}`]);
    expect((await live(["statefulset", db, "-n", shop])).metadata.name).toBe(db);
    expect((await live(["deployment", db, "-n", shop])).metadata.name).toBe(db);
    const objects = (dataOf(await get(server, "/console/objects")).objects as { name: string; stale: boolean; kind: string }[]).filter((o) => o.name.endsWith(`/${db}`));
    expect(objects.map((o) => [o.name, o.kind, o.stale]).sort()).toEqual([
      [`deployment.apps/${db}`, "Deployment", true],
      [`statefulset.apps/${db}`, "StatefulSet", false],
    ]);
  });

  it("uploads archives and async jobs with the same identities", async () => {
    const name = `${p}-arch`;
    const files = sameNameRelease(name, shop);
    const z = await call(server, "POST", "/base_configs", { body: form({ release_version: "31.5.0" }, { name: "release.zip", data: zip({ "deploy.yaml": docs(files[0]!, files[1]!), "rbac/role.yaml": docs(files[4]!, files[5]!) }) }) });
    expect(z.status, z.text).toBe(200);
    const t = await call(server, "POST", "/base_configs", { body: form({ release_version: "31.5.0" }, { name: "release.tar.gz", data: await tarGz([{ name: "sa.yaml", text: files[2]! }, { name: "cm.yaml", text: files[3]! }]) }) });
    expect(t.status, t.text).toBe(200);
    const job = await call(server, "POST", "/base_configs/upload", { form: { release_version: "31.5.1", base_config: docs(...files) } });
    expect(job.status, job.text).toBe(200);
    const id = String(dataOf(job).RequestID);
    const done = await waitFor(async () => {
      const s = dataOf(await get(server, `/base_configs/upload/${id}`));
      return s.status === "SUCCESS" || s.status === "FAILED" ? s : undefined;
    }, 60_000);
    expect(done.status, JSON.stringify(done)).toBe("SUCCESS");
    expect((done.successful_apply as string[]).sort()).toEqual(
      [`deployment.apps/${name}`, `service/${name}`, `serviceaccount/${name}`, `configmap/${name}`, `role.rbac.authorization.k8s.io/${name}`, `rolebinding.rbac.authorization.k8s.io/${name}`].sort(),
    );
  });

  describe("CRDs and their custom resources", () => {
    const group = `${p}.example.org`;
    const crd = (kind: string, plural: string, scope: "Namespaced" | "Cluster") => `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: ${plural}.${group}}
spec:
  group: ${group}
  scope: ${scope}
  names: {kind: ${kind}, plural: ${plural}, singular: ${kind.toLowerCase()}}
  versions:
  - name: v1
    served: true
    storage: true
    subresources: {status: {}}
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              replicas: {type: integer}
              image: {type: string}
              endpoints:
                type: array
                x-kubernetes-list-type: map
                x-kubernetes-list-map-keys: [port, protocol]
                items:
                  type: object
                  required: [port]
                  properties:
                    port: {type: integer}
                    protocol: {type: string, default: TCP}
                    path: {type: string}
              args: {type: array, items: {type: string}}
              extra: {type: object, x-kubernetes-preserve-unknown-fields: true}
`;
    const scraper = (name: string, ns: string) => `apiVersion: ${group}/v1
kind: Scraper
metadata: {name: ${name}, namespace: ${ns}}
spec:
  replicas: 1
  image: quay.io/scrape/scraper:v1
  endpoints:
  - {port: 9094, protocol: TCP, path: /metrics}
  - {port: 9094, protocol: UDP}
  args: [--a, --b]
`;
    const issuer = `apiVersion: ${group}/v1
kind: Issuer
metadata: {name: ${p}-letsencrypt, namespace: ignored-for-cluster-scope}
spec: {replicas: 1}
`;
    const webhook = `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata: {name: ${p}-scraper-webhook}
webhooks:
- name: validate.${group}
  admissionReviewVersions: [v1]
  sideEffects: None
  clientConfig: {service: {name: ${frontend}, namespace: ${shop}, path: /validate}}
  rules: [{apiGroups: ["${group}"], apiVersions: [v1], operations: [CREATE], resources: [scrapers]}]
`;
    const apiService = `apiVersion: apiregistration.k8s.io/v1
kind: APIService
metadata: {name: v1beta1.${group}}
spec:
  group: ${group}
  version: v1beta1
  groupPriorityMinimum: 100
  versionPriority: 100
  service: {name: ${frontend}, namespace: ${shop}}
`;

    it("a custom resource whose CRD is missing fails with a reason that says so, stays NOT_GOLDEN, and succeeds on the next push once the CRD exists", async () => {
      const early = await upload("50.0.0", scraper(`${p}-early`, mon));
      expect(early.status).toBe(500);
      expect(early.text).toContain(`no CustomResourceDefinition serves kind Scraper in ${group}/v1`);
      expect(bodyOf(await get(server, `/configs/${p}-early`)).state).toBe("NOT_GOLDEN");
      expect((await upload("50.0.0", crd("Scraper", "scrapers", "Namespaced"))).status).toBe(200);
      const retry = await call(server, "POST", "/deployment/update");
      expect(dataOf(retry).failed_to_apply).toEqual({});
      expect(bodyOf(await get(server, `/configs/${p}-early`)).state).toBe("IS_GOLDEN");
    });

    it("takes CRDs and custom resources in one file (applied in dependency order), with webhooks and APIServices", async () => {
      const up = await upload("50.0.1", scraper(`${p}-k8s`, mon), issuer, webhook, apiService, crd("Issuer", "issuers", "Cluster"), crd("Scraper", "scrapers", "Namespaced"));
      expect(up.status, up.text).toBe(200);
      const scraped = await live<{ spec: { endpoints: unknown[] } }>([`scrapers.${group}`, `${p}-k8s`, "-n", mon]);
      expect(scraped.spec.endpoints).toHaveLength(2);
      const cluster = await live([`issuers.${group}`, `${p}-letsencrypt`]);
      expect(cluster.metadata.namespace).toBeUndefined();
      expect(String(bodyOf(await get(server, `/configs/${p}-letsencrypt`)).config)).not.toContain("namespace:");
      expect((await live(["validatingwebhookconfiguration", `${p}-scraper-webhook`])).metadata.name).toBe(`${p}-scraper-webhook`);
      expect((await live(["apiservice", `v1beta1.${group}`])).metadata.name).toBe(`v1beta1.${group}`);
    });

    it("patches custom resources by their kind label, merging lists by the CRD's list-map-keys and replacing the others", async () => {
      const patched = await applyPatch(`# target: Scraper\nspec:\n  endpoints:\n  - {port: 9094, protocol: UDP, path: /udp}\n  - {port: 8080, path: /health}\n  args: [--c]\n`);
      expect(patched.status, patched.text).toBe(200);
      expect(dataOf(patched).successful_apply).toEqual(expect.arrayContaining([`${p}-k8s`, `${p}-early`]));
      const s = await live<{ spec: { endpoints: Body[]; args: string[] } }>([`scrapers.${group}`, `${p}-k8s`, "-n", mon]);
      expect(s.spec.endpoints).toEqual([
        { port: 9094, protocol: "TCP", path: "/metrics" },
        { port: 9094, protocol: "UDP", path: "/udp" },
        { port: 8080, protocol: "TCP", path: "/health" },
      ]);
      expect(s.spec.args).toEqual(["--c"]);
      const drift = await get(server, "/configs/k8s-inconsistencies");
      expect(Object.keys(bodyOf(drift).inconsistentResources as Body).filter((k) => k.includes(p))).toEqual([]);
    });

    it("the registry transform says which image fields of custom resources it left alone (and is removable)", async () => {
      const set = await call(server, "POST", "/patches/registry", { form: { registry: "mirror.example.com/ib" } });
      expect(set.status, set.text).toBe(200);
      expect(dataOf(set).images_left_alone).toEqual(expect.arrayContaining([{ object: `${p}-k8s`, path: "/spec/image", image: "quay.io/scrape/scraper:v1" }]));
      const d = await live<{ spec: { template: { spec: { containers: { image: string }[] } } } }>(["deployment", frontend, "-n", shop]);
      expect(d.spec.template.spec.containers[0]!.image).toBe(`mirror.example.com/ib/${frontend}:1.0`);
      const registry = (dataOf(await get(server, "/patches")).patches as { version: number; target: string }[]).filter((x) => x.target === "*").at(-1)!;
      expect((await call(server, "DELETE", `/patches/${registry.version}`)).status).toBe(200);
    });

    it("hibernate and revive leave the custom resources and RBAC in place", async () => {
      expect((await call(server, "POST", "/deployment/hibernate")).status).toBe(200);
      expect((await live<{ spec: { replicas: number } }>(["deployment", frontend, "-n", shop])).spec.replicas).toBe(0);
      expect((await call(server, "POST", "/deployment/revive")).status).toBe(200);
      expect((await live<{ spec: { replicas: number } }>(["deployment", frontend, "-n", shop])).spec.replicas).toBe(2);
      expect((await live([`scrapers.${group}`, `${p}-k8s`, "-n", mon])).metadata.name).toBe(`${p}-k8s`);
    });
  });

  it("drift, dry run and patch deletion work on qualified names", async () => {
    const dry = await applyPatch(`# target: service/${frontend}\nspec: {ports: [{name: http, port: 80, targetPort: 9090}]}\n`, { dry_run: "true" });
    expect(dry.status, dry.text).toBe(200);
    const runs = dataOf(dry).dryRuns as { dryRun: { objectName: string } | null }[];
    expect(runs.map((r) => r.dryRun?.objectName)).toEqual([`service/${frontend}`]);
    const drift = await get(server, "/configs/k8s-inconsistencies");
    expect(drift.status).toBe(200);
    expect(JSON.stringify(drift.body)).toContain(`service/${frontend}`);
    expect(Object.keys(bodyOf(drift).inconsistentResources as Body).filter((k) => k.includes(p))).toEqual([]);
    const versions = (dataOf(await get(server, `/patches/${q(`service/${frontend}`)}`)).patches as { version: number }[]).map((x) => x.version);
    const deleted = await call(server, "DELETE", `/patches/${versions[0]}`);
    expect(deleted.status, deleted.text).toBe(200);
    expect((await live(["service", frontend, "-n", shop])).metadata).not.toHaveProperty("annotations.team");
  });
});
