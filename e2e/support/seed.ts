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

async function ok(response: Awaited<ReturnType<APIRequestContext["get"]>>, what: string): Promise<Record<string, unknown>> {
  if (!response.ok()) throw new Error(`${what}: ${response.status()} ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

export async function seedStore(request: APIRequestContext) {
  await ok(await request.get(`${API}/setup`, { headers }), "setup");
  await ok(await request.post(`${API}/base_configs`, { headers, form: { release_version: "23.07.1", base_config: RELEASE } }), "base configs");
  // `frontend` binds the three web Deployments and the ConfigMap (which a Deployment patch skips).
  const form = new URLSearchParams();
  form.append("label", "frontend");
  for (const name of ["web-a", "web-b", "web-c", "web-settings"]) form.append("object_name", name);
  await ok(
    await request.post(`${API}/resource_labels/binding`, { headers: { ...headers, "content-type": "application/x-www-form-urlencoded" }, data: form.toString() }),
    "binding",
  );
}

export async function latestPatchVersion(request: APIRequestContext, object: string): Promise<number> {
  const body = await ok(await request.get(`${API}/configs/${object}`, { headers }), "config");
  return body.patchVersion as number;
}
