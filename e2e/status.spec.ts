import { expect, test } from "@playwright/test";
import { E2E_TOKEN } from "../playwright.config";
import { SignInPage } from "./pages/sign-in-page";
import { StatusPage } from "./pages/status-page";

test("the Status board shows a tile per component, each check's details and history, and refreshes", async ({ page }) => {
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(E2E_TOKEN);

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
