import { expect, test } from "@playwright/test";
import { E2E_TOKEN } from "../playwright.config";
import { signIn } from "./pages/sign-in-page";
import { StatusPage } from "./pages/status-page";

test("the Status board shows a tile per component, each check's details and history, and refreshes", async ({ page }) => {
  await signIn(page);

  const status = new StatusPage(page);
  await status.open();
  await expect(status.heading()).toBeVisible();
  await expect(status.tiles()).toHaveCount(5);
  for (const component of ["database", "kubernetes", "storage", "workloads", "configs"]) await expect(status.tile(component)).toBeVisible();
  await expect(status.tile("database")).toHaveAttribute("data-state", "healthy");
  await expect(status.tile("database")).toContainText("Healthy");

  const connection = status.check("Database Connection");
  await expect(connection).toContainText("Check Passed!");
  await expect(connection).toContainText("critical");
  await expect(connection.getByRole("img")).toHaveAttribute("aria-label", /Database Connection: \d+ runs, 0 failed/);

  // Tiles are ordered worst first: a failing critical component would lead.
  const states = await status.tiles().evaluateAll((tiles) => tiles.map((t) => t.getAttribute("data-state")));
  const rank = { critical: 0, degraded: 1, unknown: 2, healthy: 3 } as Record<string, number>;
  expect(states.map((s) => rank[s!])).toEqual([...states.map((s) => rank[s!])].sort((a, b) => a! - b!));

  // Auto-refresh: the board asks again without a reload.
  const refreshed = page.waitForResponse((r) => r.url().endsWith("/platform-status/components"), { timeout: 15_000 });
  await refreshed;
  await page.screenshot({ path: "test-results/status-board.png", fullPage: true });
});

test("a failing critical component leads the board as critical, then recovers", async ({ page, request }) => {
  // The health loop runs every 30 s here; a StatefulSet starts its pods one by one (~2 s each), so
  // 40 replicas keep its workload check failing for more than a run, then it passes again.
  test.setTimeout(300_000);
  const upload = await request.post("/api/v1/control_plane/base_configs", {
    headers: { Token: E2E_TOKEN },
    form: {
      release_version: "1.0.0",
      base_config: [
        "apiVersion: apps/v1",
        "kind: StatefulSet",
        "metadata: {name: statefulset-e2e-slow, namespace: instabase}",
        "spec:",
        "  replicas: 40",
        "  serviceName: e2e-slow",
        "  selector: {matchLabels: {app: e2e-slow}}",
        "  template:",
        "    metadata: {labels: {app: e2e-slow}}",
        "    spec: {containers: [{name: main, image: registry.example/e2e-slow:1.0}]}",
      ].join("\n"),
    },
  });
  expect(upload.status()).toBe(200);

  await signIn(page);
  const status = new StatusPage(page);
  await status.open();
  // The slow workload's own check first (the tile may already be critical for another spec's
  // workloads before the loop has run with this one).
  const slow = status.check("workload:instabase/StatefulSet/statefulset-e2e-slow");
  await expect(slow).toContainText(/StatefulSet 'statefulset-e2e-slow': \d+\/40 replicas ready/, { timeout: 90_000 });
  await expect(status.tile("workloads")).toHaveAttribute("data-state", "critical");
  await expect(status.tiles().first()).toHaveAttribute("data-testid", "tile-workloads");
  await page.screenshot({ path: "test-results/status-board-failing.png", fullPage: true });

  await expect(status.tile("workloads")).toHaveAttribute("data-state", "healthy", { timeout: 200_000 });
  await expect(slow).toContainText("Check Passed! 40/40 replicas ready");
});

test("a check not run for three intervals of the checks loop shows stale, and its tile rolls up as unknown", async ({ page }) => {
  // The browser's clock jumps ten minutes ahead: the board sees checks last run long ago, as when the loop stops.
  await page.clock.install();
  await signIn(page);
  const status = new StatusPage(page);
  await status.open();
  await expect(status.tile("database")).toHaveAttribute("data-state", "healthy");
  await expect(status.check("Database Connection")).toHaveAttribute("data-stale", "false");

  await page.clock.fastForward("10:00");
  await expect(status.tile("database")).toHaveAttribute("data-state", "unknown");
  await expect(status.tile("database")).toContainText(/Unknown.*1 stale of 1 check/);
  await expect(status.check("Database Connection")).toHaveAttribute("data-stale", "true");
  await expect(status.check("Database Connection")).toContainText("stale");
  await page.screenshot({ path: "test-results/status-board-stale.png", fullPage: true });
});
