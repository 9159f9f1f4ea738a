import { expect as baseExpect, test } from "@playwright/test";
import { BaseConfigsPage, LabelsPage, ObjectPage, ObjectsPage, PatchEditorPage, PatchesPage, signIn } from "./pages/console-pages";
import { deployment, latestPatchVersion, seedStore } from "./support/seed";

// Monaco loads lazily and the runner machine is shared: editors get more than the default 5 s.
const expect = baseExpect.configure({ timeout: 15_000 });

// One store for the whole file: the flows build on each other (patch → history → delete).
test.describe.configure({ mode: "serial" });

const LABEL_PATCH = "{kind: Deployment, spec: {template: {spec: {containers: [{name: app, env: [{name: LOG_LEVEL, value: debug}]}]}}}}";
const DESCRIPTION = "Debug logging for the frontend";
let patchVersion = 0;

test.beforeAll(async ({ request }) => {
  await seedStore(request);
});

test.beforeEach(async ({ page }) => {
  await signIn(page);
});

test("Objects: every object with kind, release, state and labels; filters by kind and text; Secrets redacted", async ({ page }, testInfo) => {
  const objects = new ObjectsPage(page);
  await objects.goto();
  // Other specs share this app (the Cluster spec runs first): count what this spec seeded, not the store.
  await expect(objects.count()).toContainText(/(\d+) of \1 objects/);
  await expect(objects.row("web-a")).toContainText("Deployment");
  await expect(objects.row("web-a")).toContainText("23.07.1");
  await expect(objects.row("web-a")).toContainText("frontend");
  await expect(objects.row("web-a")).toContainText("golden");
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
  await expect(impact.getByTestId("impact-skipped")).toContainText("Object 'web-settings' (ConfigMap) is skipped: the patch is for kind Deployment.");
  const group = impact.getByTestId("impact-group");
  await expect(group).toHaveCount(1);
  await expect(group.getByTestId("group-count")).toHaveText("×3");
  await expect(group.getByTestId("group-objects")).toHaveText("web-a, web-b, web-c");
  // The side-by-side diff shows the added env var on the "after" side only.
  await expect(group.locator(".editor.modified")).toContainText("LOG_LEVEL");
  await expect(group.locator(".editor.original")).not.toContainText("LOG_LEVEL");
  await page.screenshot({ path: testInfo.outputPath("patch-editor.png"), fullPage: true });

  await editor.apply();
  await expect(editor.outcome()).toContainText("applied to the cluster");
  await expect(editor.outcome()).toContainText("successful_apply (3)");
  await expect(editor.outcome()).toContainText("web-a, web-b, web-c");
  patchVersion = await latestPatchVersion(request, "web-a");
  expect(patchVersion).toBeGreaterThan(0);
});

test("Object detail: blame names the new patch; history diffs two versions from the URL", async ({ page }, testInfo) => {
  const object = new ObjectPage(page);
  await object.goto("web-a");
  await expect(object.header()).toContainText(`patch ${patchVersion}`);
  await expect(object.blameSources()).toContainText(`Patch ${patchVersion} — ${DESCRIPTION}`);
  await expect(object.blameSources()).toContainText("Base config, release 23.07.1");
  await expect(page.locator(".monaco-editor .line-numbers").filter({ hasText: `p ${patchVersion}` }).first()).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("object-blame.png"), fullPage: true });

  await object.goto("web-a", `?tab=history&from=0&to=${patchVersion}`);
  // Upload, the label binding (re-materialized, same text), the patch.
  await expect(object.historyEntries()).toHaveCount(3);
  await expect(object.diffHeader()).toContainText(`B: ${patchVersion}`);
  await expect(object.diffHeader().getByTestId("diff-count")).toHaveText("+4 −1");
  await expect(page.locator(".editor.modified")).toContainText("LOG_LEVEL");
  await page.screenshot({ path: testInfo.outputPath("object-history.png"), fullPage: true });

  await object.goto("web-a", "?tab=patches");
  await expect(page.getByTestId("object-patches")).toContainText(DESCRIPTION);
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
  await page.getByRole("button", { name: "Delete…" }).click();
  const impact = page.getByTestId("impact-preview");
  await expect(impact.getByTestId("group-count")).toHaveText("×3");
  await expect(impact.locator(".editor.original")).toContainText("LOG_LEVEL");
  // The narrow preview shows the diff inline: removed lines are drawn in the modified editor too,
  // so only its own lines count.
  await expect(impact.locator(".editor.modified .view-lines:not(.line-delete)")).not.toContainText("LOG_LEVEL");
  await page.screenshot({ path: testInfo.outputPath("patches-delete-preview.png"), fullPage: true });
  await page.getByRole("button", { name: "Delete patch" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete" }).click();
  await expect(page.getByTestId("apply-outcome")).toContainText("successful_apply (3)");

  const object = new ObjectPage(page);
  await object.goto("web-a", "?tab=history");
  await expect(object.historyEntries()).toHaveCount(4);
  await object.goto("web-a");
  await expect(object.header()).toContainText("patch none");
  await expect(object.blameSources()).not.toContainText(`Patch ${patchVersion}`);
  await expect(object.editorText()).not.toContainText("LOG_LEVEL");
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

  await labels.bind("backend", "web-c");
  await expect(page.getByTestId("apply-outcome").first()).toContainText("Binding: applied to the cluster");
  await expect(page.getByTestId("graph-summary")).toContainText("2 custom labels · 4 bindings");
});

test("Base configs: uploading a release shows progress and the outcome; history names it; absent objects become stale", async ({ page }, testInfo) => {
  const base = new BaseConfigsPage(page);
  await base.goto();
  await base.upload("23.08.0", { name: "release.yaml", text: [deployment("web-a", "registry.local/web:2.0"), deployment("web-b", "registry.local/web:2.0")].join("---\n") });
  await expect(base.progress()).toContainText("Done");
  await expect(page.getByTestId("apply-outcome")).toContainText("successful_apply (2)");
  await expect(base.history()).toContainText("23.08.0");
  await expect(base.history()).toContainText("23.07.1");
  await page.screenshot({ path: testInfo.outputPath("base-configs.png"), fullPage: true });

  const objects = new ObjectsPage(page);
  await objects.goto("?stale=1");
  await expect(objects.count()).not.toContainText(/(\d+) of \1 objects/);
  await expect(objects.row("web-c")).toContainText("stale");
  await expect(objects.row("web-a")).toHaveCount(0);
});
