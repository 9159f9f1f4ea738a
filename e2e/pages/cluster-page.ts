import type { Page } from "@playwright/test";

export class ClusterPage {
  constructor(private readonly page: Page) {}

  async open() {
    await this.page.getByRole("link", { name: "Cluster" }).click();
  }

  heading() {
    return this.page.getByRole("heading", { name: "Cluster", exact: true });
  }

  workload(name: string) {
    return this.page.getByTestId(`workload-${name}`);
  }

  otherPods() {
    return this.page.getByTestId("other-pods");
  }

  drift(object: string) {
    return this.page.getByTestId(`drift-${object}`);
  }

  async checkDrift() {
    await this.page.getByRole("button", { name: "Check again" }).click();
  }

  dialog(name: string | RegExp) {
    return this.page.getByRole("dialog", { name });
  }

  hibernationState() {
    return this.page.getByTestId("hibernation-state");
  }

  async chooseSize(size: string) {
    await this.page.getByLabel("Cluster size").selectOption(size);
  }

  sizePreview() {
    return this.page.getByTestId("size-preview");
  }

  controller(name: string) {
    return this.page.getByTestId(`controller-${name}`);
  }

  auditLog() {
    return this.page.getByTestId("audit-log");
  }

  button(name: string | RegExp) {
    return this.page.getByRole("button", { name });
  }
}
