import { expect as baseExpect, test } from "@playwright/test";
import { E2E_TOKEN } from "../playwright.config";
import { PatchEditorPage, signIn } from "./pages/console-pages";
import { seedStore } from "./support/seed";

// The patch editor's schema checks: the target's kind is looked up in the cluster's OpenAPI
// (through GET console/schema/KIND) and the YAML patch is checked field by field against it.

// Monaco loads lazily and the runner machine is shared: editors get more than the default 5 s.
const expect = baseExpect.configure({ timeout: 15_000 });

// One line in flow style: typed into Monaco, a multi-line text gets its auto-indent and brackets.
const patch = (imageField: string) => `{spec: {template: {spec: {containers: [{name: app, ${imageField}: "registry.local/web:2.0"}]}}}}`;

test.beforeAll(async ({ request }) => {
  // The config-store spec seeds the same store when it runs first; alone, this spec seeds it.
  const seeded = await request.get("/api/v1/control_plane/configs/web-a", { headers: { Token: E2E_TOKEN } });
  if (seeded.status() === 404) await seedStore(request);
});

test.beforeEach(async ({ page }) => {
  await signIn(page);
});

test("YAML patch for a Deployment: a misspelled nested field is marked, with a suggestion, until it is fixed", async ({ page }, testInfo) => {
  const editor = new PatchEditorPage(page);
  await editor.goto("web-a");
  // No `kind` in the patch: the kind comes from the target object.
  await editor.write(patch("imagee"), "Schema check");
  await expect(editor.schemaNote()).toHaveText("Fields checked against the cluster's Deployment schema (apps/v1)");
  await expect(editor.problems()).toHaveText(["line 1: spec.template.spec.containers[0].imagee: unknown field (did you mean image?)"]);
  await expect(editor.errorMarks()).toHaveCount(1);
  await page.screenshot({ path: testInfo.outputPath("patch-schema-marker.png"), fullPage: true });

  await editor.write(patch("image"), "Schema check");
  await expect(editor.problems()).toHaveCount(0);
  await expect(editor.errorMarks()).toHaveCount(0);
  await expect(editor.schemaNote()).toHaveText("Fields checked against the cluster's Deployment schema (apps/v1)");
  await page.screenshot({ path: testInfo.outputPath("patch-schema-fixed.png"), fullPage: true });
});

test("a label that reaches several kinds: the schema checks wait for the patch to name one", async ({ page }) => {
  const editor = new PatchEditorPage(page);
  await editor.goto("frontend");
  await editor.write(patch("imagee"), "Schema check");
  await expect(editor.schemaNote()).toHaveText("The target reaches ConfigMap, Deployment: name one kind in the patch to check its fields against the schema");
  await expect(editor.problems()).toHaveCount(0);
  await editor.write(patch("imagee").replace("{spec", "{kind: Deployment, spec"), "Schema check");
  await expect(editor.problems()).toHaveText(["line 1: spec.template.spec.containers[0].imagee: unknown field (did you mean image?)"]);
});
