import { type Page, expect } from "@playwright/test";
import { E2E_TOKEN } from "../../playwright.config";

export class SignInPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto("/sign-in");
  }

  async signIn(token: string) {
    await this.page.getByLabel("API token").fill(token);
    await this.page.getByRole("button", { name: "Sign in" }).click();
  }

  error() {
    return this.page.getByTestId("sign-in-error");
  }
}

/** Signs in with the e2e token and waits for the Overview it lands on. */
export async function signIn(page: Page) {
  const form = new SignInPage(page);
  await form.goto();
  await form.signIn(E2E_TOKEN);
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
}
