import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { E2E_TOKEN } from "../playwright.config";
import { signIn } from "./pages/sign-in-page";
import { TelemetryPage } from "./pages/telemetry-page";

const service = "deployment-e2e-telemetry";

test("create an export, watch it finish, download it, import it and browse logs, stats and configs", async ({ page, request }, testInfo) => {
  // A service whose pod logs in the simulated cluster.
  const upload = await request.post("/api/v1/control_plane/base_configs", {
    headers: { Token: E2E_TOKEN },
    form: {
      release_version: "1.0.0",
      base_config: [
        "apiVersion: apps/v1",
        "kind: Deployment",
        "metadata: {name: " + service + ", namespace: instabase}",
        "spec:",
        "  replicas: 1",
        "  selector: {matchLabels: {app: e2e-telemetry}}",
        "  template:",
        "    metadata: {labels: {app: e2e-telemetry}}",
        "    spec: {containers: [{name: main, image: registry.example/e2e:1.0}]}",
      ].join("\n"),
    },
  });
  expect(upload.status()).toBe(200);
  // The simulator starts the container after ~2 s: wait until it is ready (it has logged its start lines).
  await expect
    .poll(async () => {
      const view = (await (await request.get("/api/v1/control_plane/kube/workloads", { headers: { Token: E2E_TOKEN } })).json()) as { data: { workloads: { name: string; ready: number }[] } };
      return view.data.workloads.find((w) => w.name === service)?.ready ?? 0;
    }, { timeout: 30_000 })
    .toBe(1);

  await signIn(page);
  const telemetry = new TelemetryPage(page);
  await telemetry.open();
  await expect(telemetry.heading()).toBeVisible();

  await telemetry.createExport({ services: [service], label: "e2e" });
  await expect(page.getByRole("status")).toContainText(/Export e2e-\d+ queued/);
  const row = telemetry.exportRow("e2e");
  await expect(row).toContainText("SUCCESS", { timeout: 20_000 });
  await page.screenshot({ path: "test-results/telemetry-jobs.png", fullPage: true });

  const downloading = page.waitForEvent("download");
  await row.getByRole("link", { name: "Download" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^e2e-\d+\.zip$/);
  const file = testInfo.outputPath("bundle.zip");
  await download.saveAs(file);

  // An import that fails shows its error, not a link to a viewer with nothing to show. (The answer
  // is made up here: a real import job fails only when the disk does while unpacking.)
  await page.route(
    "**/obs/telescope/import",
    (route) =>
      route.fulfill({
        json: {
          statusCode: 200,
          data: { id: "00000000-0000-4000-8000-000000000000", job_status: "FAILED", request: { zip_file_path: "" }, result: { services: [service], data_sources: ["LOGS"], start: "", end: "", label: "e2e-1" }, error: "no space left on device" },
          error: null,
        },
      }),
    { times: 1 },
  );
  await telemetry.importFile(file);
  await expect(page.getByRole("alert").filter({ hasText: "Import failed" })).toHaveText("Import failed: no space left on device");
  await expect(page.getByRole("link", { name: /^Open e2e-\d+$/ })).toHaveCount(0);

  // The viewer polls its import's status: the first two answers say RUNNING (as while a large
  // bundle unpacks), then the server's own answers come through and the viewer opens the bundle.
  await page.route(
    /\/obs\/telescope\/import\/[^/]+\/status$/,
    async (route) => {
      const response = await route.fetch();
      const body = await response.json();
      await route.fulfill({ response, json: { ...body, data: { ...body.data, job_status: "RUNNING" } } });
    },
    { times: 2 },
  );
  await telemetry.importFile(file);
  await page.getByRole("link", { name: /^Open e2e-\d+$/ }).click();
  await expect(page.getByTestId("bundle-summary")).toContainText("RUNNING");
  await expect(page.getByTestId("bundle-summary")).toContainText("SUCCESS");
  await expect(page.getByTestId("bundle-summary")).toContainText(service);

  await telemetry.searchLogs("STARTING");
  await expect(telemetry.logLines()).toContainText("starting main (image registry.example/e2e:1.0)");
  await expect(page.getByTestId("log-count")).toHaveText(/^1 matching line/);
  await page.screenshot({ path: "test-results/telemetry-logs.png", fullPage: true });

  await telemetry.tab("Stats").click();
  await expect(page.getByTestId("stats-tab")).toContainText("Health check runtimes");
  await expect(page.getByRole("img", { name: `Replicas of ${service}` }).or(page.getByText("No data in this window.").first())).toBeVisible();
  await page.screenshot({ path: "test-results/telemetry-stats.png", fullPage: true });

  await telemetry.tab("Configs").click();
  await expect(page.getByTestId("config-diff-summary")).toContainText("identical");
  await page.screenshot({ path: "test-results/telemetry-configs.png", fullPage: true });

  // A patch after the export: the imported config now differs from the current one.
  const patched = await request.post("/api/v1/control_plane/patches/apply", {
    headers: { Token: E2E_TOKEN },
    form: { patch: `# target: ${service}\nkind: Deployment\nspec:\n  replicas: 2\n`, description: "e2e: after the export" },
  });
  expect(patched.status()).toBe(200);
  await page.reload();
  await telemetry.tab("Configs").click();
  await expect(page.getByTestId("config-diff-summary")).toContainText(/: [1-9]\d* line\(s\) differ/);
  await page.screenshot({ path: "test-results/telemetry-configs-diff.png", fullPage: true });
});

test("a bundle that is not ours is refused with the reason", async ({ page }, testInfo) => {
  await signIn(page);
  const telemetry = new TelemetryPage(page);
  await telemetry.open();
  const file = testInfo.outputPath("not-a-bundle.zip");
  fs.writeFileSync(file, "plain text");
  await telemetry.importFile(file);
  await expect(telemetry.importError()).toContainText("Not a valid .zip archive");
});
