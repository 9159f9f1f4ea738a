import { expect as baseExpect, test } from "@playwright/test";
import { BaseConfigsPage, LabelsPage, ObjectPage, ObjectsPage, PatchEditorPage, PatchesPage, signIn } from "./pages/console-pages";
import { simKubectl } from "./support/kubectl";
import { deployment, latestPatchVersion, seedStore } from "./support/seed";

// Monaco loads lazily and the runner machine is shared: editors get more than the default 5 s.
const expect = baseExpect.configure({ timeout: 15_000 });

// One store for the whole file: the flows build on each other (patch → history → delete).
test.describe.configure({ mode: "serial" });

const LABEL_PATCH = "{kind: Deployment, spec: {template: {spec: {containers: [{name: app, env: [{name: LOG_LEVEL, value: debug}]}]}}}}";
const DESCRIPTION = "Debug logging for the frontend";
/** Each web Deployment's image in the seeded release. */
const IMAGES = { "web-a": "registry.local/web:1.0", "web-b": "registry.local/web:1.1", "web-c": "registry.local/other:2.0" };
/** A release the cluster refuses: the simulator does not serve the Widget kind. */
const WIDGET = "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: gadget\nspec:\n  size: 3\n";
let patchVersion = 0;

test.beforeAll(async ({ request }) => {
  await seedStore(request);
});

test.beforeEach(async ({ page }) => {
  await signIn(page);
});

test("Objects: every object with kind, release, state, drift and labels; filters by kind and text; Secrets redacted", async ({ page }, testInfo) => {
  // Drift behind the app's back: web-b scaled with kubectl (the label patch's push heals it later).
  const kubectl = await simKubectl(page);
  await kubectl("scale", "deployment", "web-b", "--replicas=3");
  const objects = new ObjectsPage(page);
  await objects.goto();
  // Other specs share this app (the Cluster spec runs first): count what this spec seeded, not the store.
  await expect(objects.count()).toContainText(/(\d+) of \1 objects/);
  await expect(objects.row("web-a")).toContainText("Deployment");
  await expect(objects.row("web-a")).toContainText("23.07.1");
  await expect(objects.row("web-a")).toContainText("frontend");
  await expect(objects.row("web-a").getByText("golden", { exact: true })).toBeVisible();
  await expect(objects.drift("web-a")).toHaveText("in sync");
  await expect(objects.drift("web-b")).toHaveText("drift");
  await expect(objects.drift("web-b").locator("[title]")).toHaveAttribute("title", /spec\.replicas/);
  await page.screenshot({ path: testInfo.outputPath("objects.png"), fullPage: true });

  await objects.filterKind("Deployment");
  await expect(objects.count()).not.toContainText(/(\d+) of \1 objects/);
  for (const name of ["web-a", "web-b"]) await expect(objects.row(name)).toContainText("Deployment");
  await objects.filterText("web-b");
  await expect(objects.rows()).toHaveCount(1);
  await expect(page).toHaveURL(/kind=Deployment/);

  const object = new ObjectPage(page);
  await object.goto("web-credentials");
  await expect(object.header()).toContainText("Secret values redacted");
  await expect(object.editorText()).toContainText("<redacted len=19");
  await expect(page.locator("body")).not.toContainText("hunter2");
});

test("Patch editor: a label patch previews every bound object (×N, skipped with reason), applies after confirmation", async ({ page, request }, testInfo) => {
  const editor = new PatchEditorPage(page);
  await editor.goto("frontend");
  await expect(page.locator("span").filter({ hasText: /^label · 4 objects$/ })).toBeVisible();
  await editor.write(LABEL_PATCH, DESCRIPTION);

  const impact = editor.impact();
  await expect(impact.getByTestId("impact-summary")).toContainText("3 objects · 3 changed · 1 distinct change · 1 skipped");
  await expect(impact.getByTestId("impact-object")).toHaveText(["web-a", "web-b", "web-c"]);
  await expect(impact.getByTestId("impact-kind")).toHaveCount(1);
  await expect(impact.getByTestId("impact-kind")).toContainText("Deployment (3)");
  await expect(impact.getByTestId("impact-skipped")).toContainText("Object 'web-settings' (ConfigMap) is skipped: the patch is for kind Deployment.");
  const group = impact.getByTestId("impact-group");
  await expect(group).toHaveCount(1);
  await expect(group.getByTestId("group-count")).toHaveText("×3");
  await expect(group.getByTestId("group-objects")).toHaveText("web-a, web-b, web-c");
  // The side-by-side diff shows the added env var on the "after" side only.
  await expect(group.locator(".editor.modified")).toContainText("LOG_LEVEL");
  await expect(group.locator(".editor.original")).not.toContainText("LOG_LEVEL");
  // The one diff shows any of the three objects: each with its own image, the same change.
  for (const [name, image] of Object.entries(IMAGES)) {
    await group.getByLabel("Object shown in the diff").selectOption(name);
    await expect(group.locator(".editor.modified")).toContainText(image);
    await expect(group.locator(".editor.modified")).toContainText("LOG_LEVEL");
  }
  await page.screenshot({ path: testInfo.outputPath("patch-editor.png"), fullPage: true });

  await editor.apply();
  await expect(editor.outcome()).toContainText("applied to the cluster");
  await expect(editor.outcome()).toContainText("successful_apply (3)");
  await expect(editor.outcome()).toContainText("web-a, web-b, web-c");
  patchVersion = await latestPatchVersion(request, "web-a");
  expect(patchVersion).toBeGreaterThan(0);
  // Applied once: Apply is off for the same text (no second copy), on again once the text changes.
  await expect(editor.applyButton()).toBeDisabled();
  await expect(page.getByText("Applied: change the patch to apply it again.")).toBeVisible();
  await editor.write(LABEL_PATCH.replace("debug", "info"), DESCRIPTION);
  await expect(editor.applyButton()).toBeEnabled();
});

test("Object detail: blame names the new patch; history diffs any two entries, the pair in the URL", async ({ page }, testInfo) => {
  const object = new ObjectPage(page);
  await object.goto("web-a");
  await expect(object.header()).toContainText(`patch ${patchVersion}`);
  await expect(object.blameSources()).toContainText(`Patch ${patchVersion} — ${DESCRIPTION}`);
  await expect(object.blameSources()).toContainText("Base config, release 23.07.1");
  await expect(page.locator(".monaco-editor .line-numbers").filter({ hasText: `p ${patchVersion}` }).first()).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("object-blame.png"), fullPage: true });

  await object.goto("web-a", "?tab=history");
  // Newest first: the patch, the label binding (re-materialized, same text), the upload.
  const entries = object.historyEntries();
  await expect(entries).toHaveCount(3);
  await expect(entries.nth(0)).toContainText(`patch ${patchVersion} applied`);
  await expect(entries.nth(1)).toContainText("re-materialized (same text)");
  await expect(entries.nth(2)).toContainText("base only");
  // By default the last change: the patch against the entry before it.
  await expect(object.diffHeader()).toContainText(`B: patch ${patchVersion}`);
  await expect(object.diffHeader().getByTestId("diff-count")).toHaveText("+4 −1");
  await expect(page.locator(".editor.modified")).toContainText("LOG_LEVEL");
  await page.screenshot({ path: testInfo.outputPath("object-history.png"), fullPage: true });

  // A = the upload: one entry marked, though the binding has the same patch version; the URL shares it.
  await entries.nth(2).getByRole("link", { name: /^Compare from / }).click();
  await expect(page).toHaveURL(/[?&]from=\d+&to=\d+/);
  await expect(object.historyFromMarks()).toHaveCount(1);
  await expect(entries.nth(2).getByRole("link", { name: /^Compare from / })).toHaveAttribute("aria-current", "true");
  await page.reload();
  await expect(object.historyFromMarks()).toHaveCount(1);
  await expect(entries.nth(2).getByRole("link", { name: /^Compare from / })).toHaveAttribute("aria-current", "true");
  await expect(object.diffHeader().getByTestId("diff-count")).toHaveText("+4 −1");

  await object.goto("web-a", "?tab=patches");
  await expect(page.getByTestId("object-patches")).toContainText(DESCRIPTION);
  // The patch's diff link: the entry where it took effect against the one before.
  await page.getByTestId("object-patches").getByRole("link", { name: "diff" }).click();
  await expect(object.diffHeader()).toContainText(`B: patch ${patchVersion}`);
  await expect(object.diffHeader().getByTestId("diff-count")).toHaveText("+4 −1");
  await object.goto("web-a", "?tab=base");
  await expect(page.getByTestId("base-versions")).toContainText("23.07.1");
  await expect(page.getByTestId("containers")).toHaveText("app");
  await page.screenshot({ path: testInfo.outputPath("object-base.png"), fullPage: true });
});

test("Patches: search finds the patch; delete previews the restore, then the objects are back to their base", async ({ page }, testInfo) => {
  const patches = new PatchesPage(page);
  await patches.goto();
  await patches.search("LOG_LEVEL");
  await expect(page).toHaveURL(/q=LOG_LEVEL/);
  await expect(patches.rows()).toHaveCount(1);
  await patches.rows().first().click();
  await expect(page.getByTestId("patch-detail")).toContainText(DESCRIPTION);
  await patches.previewDelete();
  const impact = page.getByTestId("impact-preview");
  await expect(impact.getByTestId("group-count")).toHaveText("×3");
  await expect(impact.locator(".editor.original")).toContainText("LOG_LEVEL");
  // The narrow preview shows the diff inline: removed lines are drawn in the modified editor too,
  // so only its own lines count.
  await expect(impact.locator(".editor.modified .view-lines:not(.line-delete)")).not.toContainText("LOG_LEVEL");
  await page.screenshot({ path: testInfo.outputPath("patches-delete-preview.png"), fullPage: true });
  await patches.confirmDelete();
  await expect(page.getByTestId("apply-outcome")).toContainText("successful_apply (3)");

  // The default history diff is the delete: the patch's lines removed.
  const object = new ObjectPage(page);
  await object.goto("web-a", "?tab=history");
  await expect(object.historyEntries()).toHaveCount(4);
  await expect(object.historyEntries().nth(0)).toContainText(`patch ${patchVersion} removed`);
  await expect(object.historyEntries().nth(1)).toContainText(`patch ${patchVersion} applied`);
  await expect(object.diffHeader()).toContainText(`A: patch ${patchVersion}`);
  await expect(object.diffHeader()).toContainText("B: base only");
  await expect(object.diffHeader().getByTestId("diff-count")).toHaveText("+1 −4");
  await expect(page.locator(".editor.original")).toContainText("LOG_LEVEL");
  await page.screenshot({ path: testInfo.outputPath("object-history-deleted.png"), fullPage: true });

  for (const [name, image] of Object.entries(IMAGES)) {
    await object.goto(name);
    await expect(object.blameSources()).toContainText("Base config, release 23.07.1");
    await expect(object.editorText()).toContainText(`image: ${image}`);
    await expect(object.header()).toContainText("patch none");
    await expect(object.blameSources()).not.toContainText(`Patch ${patchVersion}`);
    await expect(object.editorText()).not.toContainText("LOG_LEVEL");
  }
});

test("Patch file upload: previews and applies a patch file", async ({ page }) => {
  const editor = new PatchEditorPage(page);
  await editor.goto("");
  await page.getByLabel("Patch file").setInputFiles({
    name: "replicas.yaml",
    mimeType: "application/yaml",
    buffer: Buffer.from("# target: web-b\nspec:\n  replicas: 2\n"),
  });
  await expect(editor.impact().getByTestId("impact-object")).toHaveText(["web-b"]);
  await editor.apply();
  await expect(editor.outcome()).toContainText("successful_apply (1)");
});

test("Labels: the graph groups by kind; unbind and bind re-materialize and report", async ({ page }, testInfo) => {
  const labels = new LabelsPage(page);
  await labels.goto();
  await expect(page.getByTestId("graph-summary")).toContainText(/1 custom label · 4 bindings · \d+ objects in \d+ kinds/);
  await labels.label("frontend").hover();
  await expect(page.getByTestId("graph-object").filter({ hasText: /^web-c$/ })).toHaveClass(/bg-sky-100/);
  await expect(page.getByTestId("graph-object").filter({ hasText: /^service-web$/ })).toHaveClass(/text-slate-400/);
  await labels.label("frontend").click();
  await page.screenshot({ path: testInfo.outputPath("labels.png"), fullPage: true });
  await page.getByRole("button", { name: "Unbind web-c" }).click();
  await expect(page.getByTestId("apply-outcome")).toContainText("Unbind: applied to the cluster");
  await expect(page.getByTestId("graph-summary")).toContainText("3 bindings");

  await labels.bind("backend", "web-c, web-a");
  await expect(page.getByTestId("apply-outcome").first()).toContainText("Binding: applied to the cluster");
  await expect(page.getByTestId("graph-summary")).toContainText("2 custom labels · 5 bindings");

  // Unbinding one of web-a's two labels removes only that binding (DELETE …/binding/web-a?label=backend).
  await labels.label("backend").click();
  const unbound = page.waitForResponse((r) => r.request().method() === "DELETE" && r.url().includes("/resource_labels/binding/web-a?label=backend"));
  await page.getByRole("button", { name: "Unbind web-a" }).click();
  expect((await unbound).status()).toBe(200);
  await expect(page.getByTestId("graph-summary")).toContainText("2 custom labels · 4 bindings");
  const objects = new ObjectsPage(page);
  await objects.goto();
  await expect(objects.row("web-a").getByRole("button", { name: "frontend", exact: true })).toBeVisible();
  await expect(objects.row("web-a").getByRole("button", { name: "backend", exact: true })).toHaveCount(0);
});

test("Base configs: uploading a release shows progress and the outcome (a failed one in red); history names it; absent objects become stale", async ({ page }, testInfo) => {
  const base = new BaseConfigsPage(page);
  await base.goto();
  // The cluster refuses the Widget: the job FAILED, shown failed with the reason, not "Done".
  await base.upload("23.07.5", { name: "widget.yaml", text: WIDGET });
  await expect(base.progress()).toContainText("Failed");
  await expect(base.progress()).not.toContainText("Done");
  await expect(base.progress().getByText("Storing & pushing")).toHaveClass(/text-red-700/);
  await expect(page.getByTestId("upload-error")).toContainText("The upload failed: 1 object(s) failed to apply to the cluster");
  await expect(page.getByTestId("apply-outcome")).toContainText("failed_to_apply (1)");
  await expect(page.getByTestId("apply-outcome")).toContainText("gadget: kubernetes discovery Widget failed");
  await page.screenshot({ path: testInfo.outputPath("base-configs-failed.png"), fullPage: true });

  await base.upload("23.08.0", { name: "release.yaml", text: [deployment("web-a", "registry.local/web:2.0"), deployment("web-b", "registry.local/web:2.0")].join("---\n") });
  await expect(base.jobStatus()).toContainText("job SUCCESS");
  await expect(page.getByTestId("apply-outcome")).toContainText("successful_apply (2)");
  await expect(base.history()).toContainText("23.08.0");
  await expect(base.history()).toContainText("23.07.1");
  await page.screenshot({ path: testInfo.outputPath("base-configs.png"), fullPage: true });

  // The new release's history entry: a diff across the two releases.
  const object = new ObjectPage(page);
  await object.goto("web-a", "?tab=history");
  await expect(object.historyEntries().nth(0)).toContainText("release 23.07.1 → 23.08.0");
  await expect(object.diffHeader().getByTestId("diff-count")).toHaveText("+1 −1");
  await expect(page.locator(".editor.original")).toContainText("registry.local/web:1.0");
  await expect(page.locator(".editor.modified")).toContainText("registry.local/web:2.0");

  const objects = new ObjectsPage(page);
  await objects.goto();
  // The Widget the cluster does not serve: not compared, said so with the reason.
  await expect(objects.drift("gadget")).toHaveText("skipped");
  await expect(objects.drift("gadget").locator("[title]")).toHaveAttribute("title", /the cluster does not serve Widget/);
  await objects.goto("?stale=1");
  await expect(objects.count()).not.toContainText(/(\d+) of \1 objects/);
  await expect(objects.row("web-c")).toContainText("stale");
  await expect(objects.row("web-a")).toHaveCount(0);
});

test("Failed queries say so: the patch editor's objects, an object's history, the drift check", async ({ page }) => {
  const fail = (message: string) => ({ status: 500, contentType: "application/json", body: JSON.stringify({ statusCode: 500, data: null, error: message }) });
  await page.route("**/api/v1/control_plane/console/objects", (route) => route.fulfill(fail("objects unavailable (test)")));
  await page.route("**/api/v1/control_plane/configs/web-a/history", (route) => route.fulfill(fail("history unavailable (test)")));
  await page.route("**/api/v1/control_plane/configs/k8s-inconsistencies", (route) => route.fulfill(fail("drift unavailable (test)")));

  await new PatchEditorPage(page).goto("frontend");
  await expect(page.getByTestId("target-error")).toHaveText("No autocomplete: the objects and labels could not be loaded (objects unavailable (test))");

  await new ObjectPage(page).goto("web-a", "?tab=history");
  await expect(page.getByRole("region", { name: "Diff" }).getByRole("alert")).toHaveText("Cannot show a diff: history unavailable (test)");
  await expect(page.getByRole("region", { name: "Diff" })).not.toContainText("Loading…");

  await page.unroute("**/api/v1/control_plane/console/objects");
  const objects = new ObjectsPage(page);
  await objects.goto();
  await expect(page.getByTestId("drift-error")).toHaveText("The drift check failed: drift unavailable (test)");
  await expect(objects.drift("web-a")).toHaveText("check failed");
});
