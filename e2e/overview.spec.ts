import { expect, test } from "@playwright/test";
import { E2E_TOKEN, FRESH_BASE_URL } from "../playwright.config";
import { OverviewPage } from "./pages/overview-page";
import { SignInPage } from "./pages/sign-in-page";

// This spec needs a store nobody has set up: it runs against the second, untouched app.
test.use({ baseURL: FRESH_BASE_URL });

test("an unauthenticated visitor is sent to sign-in, and a wrong token is refused", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in$/);
  const signIn = new SignInPage(page);
  await signIn.signIn("definitely-not-the-token");
  await expect(signIn.error()).toHaveText("Invalid API token");
});

test("sign in, run setup from the Overview page, see the state change, sign out", async ({ page, context }) => {
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(E2E_TOKEN);

  const overview = new OverviewPage(page);
  await expect(overview.heading()).toBeVisible();
  const cookies = await context.cookies();
  const session = cookies.find((c) => c.name === "dm_session");
  expect(session?.httpOnly).toBe(true);
  expect(session?.sameSite).toBe("Strict");

  await expect(overview.databaseState()).toContainText("PGlite (embedded)");
  await expect(page.getByTestId("cluster-mode")).toHaveText("sim");
  // The simulator serves HTTPS on loopback (its kubeconfig carries the certificate and a token).
  await expect(page.getByTestId("cluster-server")).toHaveText(/^https:\/\/127\.0\.0\.1:\d+$/);
  await expect(page.getByTestId("cluster-state")).toContainText("Reachable");
  await expect(page.getByText(/kubectl --kubeconfig \S+\/sim\/kubeconfig get pods -A/)).toBeVisible();
  await expect(page.getByTestId("release-version")).toContainText("no base configs yet");
  await expect(overview.setupState()).toContainText("Not set up");

  await overview.runSetup();
  await expect(page.getByRole("status")).toHaveText("Setup finished.");
  await expect(overview.setupState()).toContainText("Set up");
  await expect(overview.setupState()).not.toContainText("Not set up");

  await page.reload();
  await expect(overview.setupState()).toContainText("Set up");

  await overview.signOut();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in$/);
});
