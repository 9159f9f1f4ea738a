import type { APIRequestContext } from "@playwright/test";
import { E2E_TOKEN } from "../../playwright.config";

/** Seeds the config store through the real API, with the bootstrap token. */

const API = "/api/v1/control_plane";
const headers = { Token: E2E_TOKEN };

export function deployment(name: string, image: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  labels:
    app: ${name}
spec:
  replicas: 1
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
        - name: app
          image: ${image}
          ports:
            - containerPort: 8080
`;
}

export const RELEASE = [
  deployment("web-a", "registry.local/web:1.0"),
  deployment("web-b", "registry.local/web:1.1"),
  deployment("web-c", "registry.local/other:2.0"),
  `apiVersion: v1
kind: ConfigMap
metadata:
  name: web-settings
data:
  MODE: production
`,
  `apiVersion: v1
kind: Service
metadata:
  name: service-web
spec:
  selector:
    app: web-a
  ports:
    - port: 80
      targetPort: 8080
`,
  `apiVersion: v1
kind: Secret
metadata:
  name: web-credentials
type: Opaque
stringData:
  password: hunter2-very-secret
`,
].join("---\n");

type Answer = Record<string, unknown> & { data?: { failed_to_apply?: unknown } | null };

/** The answer's body; a failed request throws, unless `partial` and it is the 500 of a write some objects of which the cluster refused. */
async function ok(response: Awaited<ReturnType<APIRequestContext["get"]>>, what: string, partial = false): Promise<Answer> {
  const body = (await response.json().catch(() => null)) as Answer | null;
  const refused = partial && response.status() === 500 && !!body?.data?.failed_to_apply;
  if (!response.ok() && !refused) throw new Error(`${what}: ${response.status()} ${JSON.stringify(body)}`);
  return body!;
}

/** Options of the seeding writes: `partial` accepts an answer where the cluster refused some objects. */
type WriteOptions = { partial?: boolean };

export async function uploadRelease(request: APIRequestContext, release: string, text: string, { partial }: WriteOptions = {}) {
  return ok(await request.post(`${API}/base_configs`, { headers, form: { release_version: release, base_config: text } }), `base configs ${release}`, partial);
}

export async function bindLabel(request: APIRequestContext, label: string, objects: readonly string[], { partial }: WriteOptions = {}) {
  const form = new URLSearchParams();
  form.append("label", label);
  for (const name of objects) form.append("object_name", name);
  return ok(
    await request.post(`${API}/resource_labels/binding`, { headers: { ...headers, "content-type": "application/x-www-form-urlencoded" }, data: form.toString() }),
    `binding ${label}`,
    partial,
  );
}

export async function setUp(request: APIRequestContext) {
  await ok(await request.get(`${API}/setup`, { headers }), "setup");
}

export async function seedStore(request: APIRequestContext) {
  await setUp(request);
  await uploadRelease(request, "23.07.1", RELEASE);
  // `frontend` binds the three web Deployments and the ConfigMap (which a Deployment patch skips).
  await bindLabel(request, "frontend", ["web-a", "web-b", "web-c", "web-settings"]);
}

export async function latestPatchVersion(request: APIRequestContext, object: string): Promise<number> {
  const body = await ok(await request.get(`${API}/configs/${object}`, { headers }), "config");
  return body.patchVersion as number;
}
