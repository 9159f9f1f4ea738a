import { expect as baseExpect, test } from "@playwright/test";
import { ObjectPage, ObjectsPage, signIn } from "./pages/console-pages";
import { setUp, uploadRelease } from "./support/seed";

// Objects that share a name (a Deployment, a Service and a ServiceAccount `checkout`; one Role in
// two namespaces) are never confused in the console: the Objects list shows kind and namespace,
// filters by both, and each row opens its own object.

const expect = baseExpect.configure({ timeout: 15_000 });
test.describe.configure({ mode: "serial" });

const RELEASE = [
  `apiVersion: apps/v1
kind: Deployment
metadata: {name: checkout, namespace: shop}
spec:
  replicas: 1
  selector: {matchLabels: {app: checkout}}
  template:
    metadata: {labels: {app: checkout}}
    spec:
      containers: [{name: app, image: registry.local/checkout:3.1}]
`,
  `apiVersion: v1
kind: Service
metadata: {name: checkout, namespace: shop}
spec:
  selector: {app: checkout}
  ports: [{port: 80, targetPort: 8080}]
`,
  `apiVersion: v1
kind: ServiceAccount
metadata: {name: checkout, namespace: shop}
`,
  ...["shop", "monitoring"].map(
    (ns) => `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: scraper, namespace: ${ns}}
rules: [{apiGroups: [""], resources: [pods], verbs: [get]}]
`,
  ),
].join("---\n");

test.beforeAll(async ({ request }) => {
  await setUp(request);
  await uploadRelease(request, "23.07.1", RELEASE);
});

test.beforeEach(async ({ page }) => {
  await signIn(page);
});

test("Objects: one name across kinds and namespaces, each row with its kind and namespace; filter by namespace", async ({ page }) => {
  const objects = new ObjectsPage(page);
  await objects.goto();
  await expect(objects.row("deployment.apps/checkout")).toContainText("Deployment");
  await expect(objects.row("service/checkout")).toContainText("Service");
  await expect(objects.row("serviceaccount/checkout")).toContainText("ServiceAccount");
  for (const name of ["deployment.apps/checkout", "service/checkout", "serviceaccount/checkout"]) {
    await expect(objects.row(name).getByTestId("object-namespace")).toHaveText("shop");
  }
  await expect(objects.row("monitoring/role.rbac.authorization.k8s.io/scraper").getByTestId("object-namespace")).toHaveText("monitoring");

  await objects.filterNamespace("monitoring");
  await expect(objects.rows()).toHaveCount(1);
  await expect(objects.rows().first()).toContainText("monitoring/role.rbac.authorization.k8s.io/scraper");
  await expect(page).toHaveURL(/ns=monitoring/);

  await objects.filterNamespace("shop");
  await objects.filterKind("Role");
  await expect(objects.rows()).toHaveCount(1);
  await expect(objects.rows().first()).toContainText("shop/role.rbac.authorization.k8s.io/scraper");
});

test("Object pages: each of the same-named objects opens its own config", async ({ page }) => {
  const objects = new ObjectsPage(page);
  await objects.goto();
  await objects.row("service/checkout").getByRole("cell", { name: "service/checkout", exact: true }).click();
  await expect(page).toHaveURL(/\/objects\/service%2Fcheckout/);
  const object = new ObjectPage(page);
  await expect(object.editorText()).toContainText("kind: Service");
  await expect(object.editorText()).not.toContainText("kind: Deployment");

  await object.goto(encodeURIComponent("deployment.apps/checkout"));
  await expect(object.editorText()).toContainText("kind: Deployment");
  await expect(object.editorText()).toContainText("registry.local/checkout:3.1");
});
