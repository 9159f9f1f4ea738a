import type { Page } from "@playwright/test";

export class TelemetryPage {
  constructor(private readonly page: Page) {}

  async open() {
    await this.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Telemetry" }).click();
  }

  heading() {
    return this.page.getByRole("heading", { name: "Telemetry", level: 1 });
  }

  async createExport(options: { services: string[]; label: string }) {
    await this.page.getByLabel("Services").selectOption(options.services);
    await this.page.getByLabel("Label").fill(options.label);
    await this.page.getByRole("button", { name: "Create export" }).click();
  }

  exportRow(labelPrefix: string) {
    return this.page.getByTestId("export-jobs").locator(`tr[data-testid^="export-${labelPrefix}-"]`);
  }

  async importFile(file: string) {
    await this.page.getByLabel("Bundle file").setInputFiles(file);
    await this.page.getByRole("button", { name: "Import" }).click();
  }

  importError() {
    return this.page.getByRole("alert").filter({ hasText: /Not a|Invalid|Telescope/ });
  }

  tab(name: "Logs" | "Stats" | "Configs") {
    return this.page.getByRole("tab", { name });
  }

  async searchLogs(text: string) {
    await this.page.getByLabel("Search logs").fill(text);
  }

  logLines() {
    return this.page.getByTestId("log-lines");
  }
}
