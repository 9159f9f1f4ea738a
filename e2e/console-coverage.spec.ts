import { createHash } from "node:crypto";
import { expect as baseExpect, test } from "@playwright/test";
import { zipSync } from "fflate";
import { BaseConfigsPage, LabelsPage, ObjectPage, PatchEditorPage, PatchesPage, signIn } from "./pages/console-pages";
import { simKubectl } from "./support/kubectl";
import { bindLabel, deployment, latestPatchVersion, uploadRelease } from "./support/seed";

// Console features the config-store spec does not drive: the image-update form, JSON patches,
// target autocomplete, a cancelled confirmation, patch archives, the patches' target filter and
// shareable ?version= links, text and archive release uploads with their creator, Update defaults,
// a binding from the graph selection, the graph's click-through, Secret redaction in the patch
// list and diffs, a cluster that refuses an object. Its own objects (cov-*), labels and releases
// (0.0.x, below the other specs' releases) keep it independent of the other specs' data.

// Monaco loads lazily and the runner machine is shared: editors get more than the default 5 s.
const expect = baseExpect.configure({ timeout: 15_000 });

test.describe.configure({ mode: "serial" });

/** A Secret's value as the console shows it (lib/services/redact.ts): length and a short hash. */
const redacted = (value: string) => `<redacted len=${value.length} sha256=${createHash("sha256").update(value).digest("hex").slice(0, 8)}>`;
const SECRET_VALUES = ["cov-first-value-1", "cov-second-value-22"] as const;

const RELEASE = [
  deployment("cov-app", "registry.local/cov:1.0"),
  deployment("cov-worker", "registry.local/cov-worker:1.0"),
  "apiVersion: v1\nkind: Secret\nmetadata:\n  name: cov-secret\ntype: Opaque\nstringData:\n  password: cov-initial-value\n",
].join("---\n");
/** An object of a kind the simulator does not serve: the cluster refuses it. */
const WIDGET = "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: cov-widget\nspec:\n  size: 1\n";

const zip = (files: Record<string, string>) => zipSync(Object.fromEntries(Object.entries(files).map(([name, text]) => [name, new TextEncoder().encode(text)])));

test.beforeAll(async ({ request }) => {
  await uploadRelease(request, "0.0.1", RELEASE);
  await uploadRelease(request, "0.0.1", WIDGET, { partial: true });
  await bindLabel(request, "cov-pair", ["cov-app", "cov-worker"]);
  await bindLabel(request, "cov-mixed", ["cov-worker", "cov-widget"], { partial: true });
});

test.beforeEach(async ({ page }) => {
  await signIn(page);
});

test("Object detail: the image update reports, adds a base revision, and reaches the config and the cluster", async ({ page }, testInfo) => {
  const kubectl = await simKubectl(page);
  const object = new ObjectPage(page);
  await object.goto("cov-app", "?tab=base");
  await expect(object.baseVersions().locator("tbody tr")).toHaveCount(1);
  await object.updateImage("registry.local/cov:2.0", "cov-bump");

  await expect(page.getByTestId("apply-outcome")).toContainText("Image update: applied to the cluster");
  await expect(page.getByTestId("apply-outcome")).toContainText(/successful_apply \(1\)\s*cov-app/);
  const revisions = object.baseVersions().locator("tbody tr");
  await expect(revisions).toHaveCount(2);
  await expect(revisions.filter({ hasText: "cov-bump" })).toContainText("active");
  await expect(revisions.filter({ hasNotText: "cov-bump" })).toContainText("inactive");
  await page.screenshot({ path: testInfo.outputPath("object-image-update.png"), fullPage: true });

  await object.goto("cov-app");
  await expect(object.editorText()).toContainText("image: registry.local/cov:2.0");
  await expect
    .poll(async () => (await kubectl("get", "deployment", "cov-app", "-o", "jsonpath={.spec.template.spec.containers[0].image}")).stdout, { timeout: 15_000 })
    .toBe("registry.local/cov:2.0");
});

test("Patch editor: JSON patch mode, target autocomplete, a cancelled confirmation, an archive of two patches", async ({ page, request }, testInfo) => {
  const editor = new PatchEditorPage(page);
  await editor.goto("cov-app", "JSON");
  await expect(page.getByRole("radio", { name: "JSON patch" })).toHaveAttribute("aria-checked", "true");
  // Autocomplete offers objects (with their kind) and labels (with their size).
  await expect(await editor.targetOption("cov-app")).toHaveText("Deployment");
  await expect(await editor.targetOption("cov-pair")).toHaveText("label · 2 objects");

  // An op that cannot apply: the dry run's error is shown and Apply stays off.
  await editor.write('{"kind": "Deployment", "patch": [{"op": "remove", "path": "/spec/no-such-field"}]}', "Replicas of cov-app");
  await expect(page.getByTestId("impact-error")).toContainText("no-such-field");
  await expect(editor.applyButton()).toBeDisabled();

  await editor.write('{"kind": "Deployment", "patch": [{"op": "replace", "path": "/spec/replicas", "value": 2}]}', "Replicas of cov-app");
  await expect(editor.impact().getByTestId("impact-object")).toHaveText(["cov-app"]);
  await expect(editor.impact().locator(".editor.modified")).toContainText("replicas: 2");
  await expect(page.getByTestId("impact-error")).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath("patch-editor-json.png"), fullPage: true });

  // Cancel: the dialog closes and nothing is stored.
  const before = await latestPatchVersion(request, "cov-app");
  const dialog = await editor.openConfirm();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(editor.outcome()).toHaveCount(0);
  await expect(editor.applyButton()).toBeEnabled();
  expect(await latestPatchVersion(request, "cov-app")).toBe(before);

  await editor.apply();
  await expect(editor.outcome()).toContainText(/successful_apply \(1\)\s*cov-app/);
  expect(await latestPatchVersion(request, "cov-app")).toBeGreaterThan(before);

  // An archive: each file names its own target; both are previewed and applied.
  await editor.goto("");
  await page.getByLabel("Patch file").setInputFiles({
    name: "patches.zip",
    mimeType: "application/zip",
    buffer: Buffer.from(
      zip({
        "app.yaml": "# target: cov-app\nmetadata:\n  annotations:\n    cov/archive: app\n",
        "worker.yaml": "# target: cov-worker\nmetadata:\n  annotations:\n    cov/archive: worker\n",
      }),
    ),
  });
  await expect(editor.impact().getByTestId("impact-object")).toHaveCount(2);
  for (const name of ["cov-app", "cov-worker"]) await expect(editor.impact().getByTestId("impact-object").filter({ hasText: name })).toBeVisible();
  await expect(editor.impact().getByTestId("impact-group")).toHaveCount(2);
  await editor.apply();
  await expect(editor.outcome()).toContainText("successful_apply (2)");
  await expect(editor.outcome()).toContainText("cov-worker");
});

test("Patches: filtered by target; a shared ?version= link opens that patch", async ({ page, request }, testInfo) => {
  const patches = new PatchesPage(page);
  await patches.goto();
  await patches.filterTarget("cov-app");
  await expect(page).toHaveURL(/target=cov-app/);
  await expect(patches.rows()).toHaveCount(2);
  for (const row of await patches.rows().all()) await expect(row.getByRole("cell").nth(1)).toHaveText("cov-app");
  await expect(page.getByTestId("patches-count")).toContainText(/^2 of \d+ patches/);

  // The archive's cov-app patch is the newest on the object; the JSON patch is the row below.
  const jsonRow = patches.rows().filter({ hasText: "JSON" });
  const version = (await jsonRow.getByRole("cell").first().innerText()).trim();
  expect(Number(version)).toBeLessThan(await latestPatchVersion(request, "cov-app"));
  await page.goto(`/patches?version=${version}`);
  await expect(patches.detail()).toContainText(version);
  await expect(patches.detail()).toContainText("Replicas of cov-app");
  await expect(patches.detail().locator(".monaco-editor")).toContainText("/spec/replicas");
  await expect(patches.rows().and(page.locator('[aria-selected="true"]'))).toContainText(version);
  await page.screenshot({ path: testInfo.outputPath("patches-shared-version.png"), fullPage: true });
});

test("Base configs: a release typed as text and one uploaded as a .zip; the upgrade history names the uploader", async ({ page }, testInfo) => {
  const base = new BaseConfigsPage(page);
  await base.goto();
  await base.uploadText("0.0.2", deployment("cov-text", "registry.local/cov-text:1.0"));
  await expect(base.jobStatus()).toHaveText(/job SUCCESS/);
  await expect(page.getByTestId("apply-outcome")).toContainText(/successful_apply \(1\)\s*cov-text/);

  await base.upload("0.0.3", {
    name: "release.zip",
    mimeType: "application/zip",
    bytes: zip({ "a.yaml": deployment("cov-zip-a", "registry.local/cov:1.0"), "b.yaml": deployment("cov-zip-b", "registry.local/cov:1.0") }),
  });
  await expect(base.jobStatus()).toHaveText(/job SUCCESS/);
  await expect(page.getByTestId("apply-outcome")).toContainText("successful_apply (2)");
  await expect(page.getByTestId("apply-outcome")).toContainText("cov-zip-a, cov-zip-b");

  // The session's token is the bootstrap token: it has no owner e-mail, so its name is the creator.
  for (const release of ["0.0.2", "0.0.3"]) {
    const row = base.history().getByRole("row").filter({ has: page.getByRole("cell", { name: new RegExp(`^${release.replaceAll(".", "\\.")}\\b`) }) });
    await expect(row.getByRole("cell").nth(1)).toHaveText("bootstrap");
  }
  await page.screenshot({ path: testInfo.outputPath("base-configs-text-zip.png"), fullPage: true });
});

test("Labels: Update defaults reports; a binding from the graph selection; an object node opens its detail", async ({ page }, testInfo) => {
  const labels = new LabelsPage(page);
  await labels.goto();
  await labels.updateDefaults();
  await expect(page.getByRole("status").filter({ hasText: "Defaults updated" })).toHaveText(/^Defaults updated: \d+ label\(s\), \d+ binding\(s\) created\.$/);

  await labels.select("cov-text", "cov-zip-a");
  await expect(labels.object("cov-text")).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByRole("form", { name: "Bind a label" })).toContainText("2 objects (2 selected in the graph)");
  await labels.bind("cov-team");
  await expect(page.getByTestId("apply-outcome")).toContainText("Binding: applied to the cluster");
  await expect(page.getByTestId("apply-outcome")).toContainText("successful_apply (2)");
  await expect(labels.label("cov-team")).toHaveText(/cov-team\s*2/);
  await page.screenshot({ path: testInfo.outputPath("labels-bind-selection.png"), fullPage: true });

  await page.getByLabel("select objects to bind").uncheck();
  await labels.object("cov-text").click();
  await expect(page).toHaveURL(/\/objects\/cov-text$/);
  await expect(new ObjectPage(page).header()).toBeVisible();
});

test("Secrets: patches, their preview and the history diff show length and hash, a new hash for a new value, never the value", async ({ page, request }, testInfo) => {
  const editor = new PatchEditorPage(page);
  const versions: number[] = [];
  for (const [i, value] of SECRET_VALUES.entries()) {
    await editor.goto("cov-secret");
    await editor.write(`stringData:\n  password: ${value}\n`, `Rotate the cov password (${i + 1})`);
    const diff = editor.impact().getByTestId("impact-group");
    await expect(diff.locator(".editor.modified")).toContainText(redacted(value));
    await expect(diff.locator(".editor.original")).toContainText(redacted(i === 0 ? "cov-initial-value" : SECRET_VALUES[0]));
    await expect(editor.impact()).not.toContainText(value);
    if (i === 1) await page.screenshot({ path: testInfo.outputPath("secret-preview.png"), fullPage: true });
    await editor.apply();
    await expect(editor.outcome()).toContainText(/successful_apply \(1\)\s*cov-secret/);
    versions.push(await latestPatchVersion(request, "cov-secret"));
  }
  expect(redacted(SECRET_VALUES[0])).not.toBe(redacted(SECRET_VALUES[1]));

  const patches = new PatchesPage(page);
  await patches.goto("?target=cov-secret");
  await expect(patches.rows()).toHaveCount(2);
  for (const [i, version] of versions.entries()) {
    await patches.rows().filter({ hasText: String(version) }).click();
    await expect(patches.detail()).toContainText("Secret: values redacted");
    await expect(patches.detail().locator(".monaco-editor")).toContainText(redacted(SECRET_VALUES[i]!));
    for (const value of SECRET_VALUES) await expect(page.locator("body")).not.toContainText(value);
  }
  await page.screenshot({ path: testInfo.outputPath("secret-patches.png"), fullPage: true });

  // The history's default diff is the last change: the first value's hash against the second's.
  const object = new ObjectPage(page);
  await object.goto("cov-secret", "?tab=history");
  await expect(object.diffHeader()).toContainText(`B: patch ${versions[1]}`);
  await expect(page.locator(".editor.original")).toContainText(redacted(SECRET_VALUES[0]));
  await expect(page.locator(".editor.modified")).toContainText(redacted(SECRET_VALUES[1]));
  for (const value of SECRET_VALUES) await expect(page.locator("body")).not.toContainText(value);
  // Monaco computes the diff in a worker: the screenshot waits until the changed line is marked.
  await expect(page.locator(".editor.modified .line-insert").first()).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("secret-history.png"), fullPage: true });
});

test("A cluster that refuses an object: the patch outcome lists it under failed_to_apply with the reason", async ({ page }, testInfo) => {
  const editor = new PatchEditorPage(page);
  await editor.goto("cov-mixed");
  await editor.write('{metadata: {annotations: {cov/touched: "yes"}}}', "Touch the mixed label");
  await expect(editor.impact().getByTestId("impact-object")).toHaveCount(2);
  await editor.apply();
  await expect(editor.outcome()).toContainText("Patch: stored, but some objects did not reach the cluster");
  await expect(editor.outcome()).toContainText(/successful_apply \(1\)\s*cov-worker/);
  await expect(editor.outcome()).toContainText("failed_to_apply (1)");
  await expect(editor.outcome().getByRole("listitem")).toHaveText(/^cov-widget: .*Widget/);
  await page.screenshot({ path: testInfo.outputPath("patch-failed-to-apply.png"), fullPage: true });
});
