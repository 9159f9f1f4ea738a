import type { Page } from "@playwright/test";

export class StatusPage {
  constructor(private readonly page: Page) {}

  async open() {
    await this.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Status" }).click();
  }

  heading() {
    return this.page.getByRole("heading", { name: "Status", level: 1 });
  }

  tile(component: string) {
    return this.page.getByTestId(`tile-${component}`);
  }

  tiles() {
    return this.page.getByTestId("status-tiles").locator("a");
  }

  check(id: string) {
    return this.page.getByTestId(`check-${id}`);
  }
}
