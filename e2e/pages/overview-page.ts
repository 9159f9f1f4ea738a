import type { Page } from "@playwright/test";

export class OverviewPage {
  constructor(private readonly page: Page) {}

  heading() {
    return this.page.getByRole("heading", { name: "Overview" });
  }

  setupState() {
    return this.page.getByTestId("setup-state");
  }

  databaseState() {
    return this.page.getByTestId("database-state");
  }

  async runSetup() {
    await this.page.getByRole("button", { name: "Run setup" }).click();
  }

  async signOut() {
    await this.page.getByRole("button", { name: "Sign out" }).click();
  }
}
