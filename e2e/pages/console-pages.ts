import { type Locator, type Page, expect } from "@playwright/test";
export { signIn } from "./sign-in-page";

/** Page objects of the config store console. */

/**
 * Replaces the text of the Monaco editor inside `scope`. Pasted, not typed: typing a newline
 * re-indents the next line (Monaco's auto-indent), which breaks indented YAML.
 */
export async function setEditorText(page: Page, scope: Locator, text: string) {
  const editor = scope.locator(".monaco-editor").first();
  await editor.waitFor();
  await editor.locator(".view-lines").click();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.press("Delete");
  await page.evaluate((pasted) => {
    const clipboardData = new DataTransfer();
    clipboardData.setData("text/plain", pasted);
    document.activeElement?.dispatchEvent(new ClipboardEvent("paste", { clipboardData, bubbles: true, cancelable: true }));
  }, text);
}

export class ObjectsPage {
  constructor(readonly page: Page) {}
  async goto(query = "") {
    await this.page.goto(`/objects${query}`);
    await expect(this.rows().first()).toBeVisible();
  }
  rows() {
    return this.page.getByTestId("object-row");
  }
  row(name: string) {
    return this.rows().filter({ has: this.page.getByRole("cell", { name, exact: true }) });
  }
  count() {
    return this.page.getByTestId("objects-count");
  }
  /** The drift badge of an object's row. */
  drift(name: string) {
    return this.row(name).getByTestId("drift");
  }
  async filterKind(kind: string) {
    await this.page.getByLabel("Kind").selectOption(kind);
  }
  async filterNamespace(namespace: string) {
    await this.page.getByLabel("Namespace").selectOption(namespace);
  }
  async filterText(text: string) {
    await this.page.getByLabel("Filter objects").fill(text);
  }
}

export class ObjectPage {
  constructor(readonly page: Page) {}
  async goto(name: string, query = "") {
    await this.page.goto(`/objects/${name}${query}`);
  }
  header() {
    return this.page.getByTestId("config-header");
  }
  blameSources() {
    return this.page.getByTestId("blame-sources");
  }
  historyEntries() {
    return this.page.getByTestId("history-entry");
  }
  /** The entries marked as the diff's A (before) side. */
  historyFromMarks() {
    return this.page.getByRole("link", { name: /^Compare from / }).and(this.page.locator("[aria-current]"));
  }
  diffHeader() {
    return this.page.getByTestId("history-diff-header");
  }
  editorText() {
    return this.page.locator(".monaco-editor .view-lines").first();
  }
  baseVersions() {
    return this.page.getByTestId("base-versions");
  }
  /** The Containers card's form (on the Base tab). */
  async updateImage(image: string, comment: string) {
    const form = this.page.getByRole("form", { name: "Update image" });
    await form.getByLabel("Image").fill(image);
    await form.getByLabel("Comment").fill(comment);
    await form.getByRole("button", { name: "Update image" }).click();
  }
}

export class PatchEditorPage {
  constructor(readonly page: Page) {}
  async goto(target: string, mode: "YAML" | "JSON" = "YAML") {
    await this.page.goto(`/patches/new?target=${encodeURIComponent(target)}${mode === "JSON" ? "&mode=JSON" : ""}`);
  }
  /** The target picker's autocomplete option for `value` (an option of the input's datalist). */
  async targetOption(value: string) {
    const list = await this.page.getByLabel("Target", { exact: true }).getAttribute("list");
    return this.page.locator(`datalist[id="${list}"] option[value="${value}"]`);
  }
  async write(text: string, description: string) {
    await this.page.getByLabel("Description").fill(description);
    await setEditorText(this.page, this.page.getByRole("region", { name: "Patch" }), text);
  }
  /** What the YAML checks were made against (the kind's schema, or why not). */
  schemaNote() {
    return this.page.getByTestId("schema-note");
  }
  problems() {
    return this.page.getByRole("list", { name: "Problems" }).getByRole("listitem");
  }
  /** The error marks Monaco draws in the patch editor. */
  errorMarks() {
    return this.page.getByRole("region", { name: "Patch" }).locator(".monaco-editor .squiggly-error");
  }
  impact() {
    return this.page.getByTestId("impact-preview");
  }
  applyButton() {
    return this.page.getByRole("button", { name: /^Apply patch/ });
  }
  /** Apply patch…: the confirmation dialog, opened with Cancel focused. */
  async openConfirm() {
    await this.applyButton().click();
    const dialog = this.page.getByRole("dialog", { name: "Apply this patch?" });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
    return dialog;
  }
  async apply() {
    await (await this.openConfirm()).getByRole("button", { name: "Apply" }).click();
  }
  outcome() {
    return this.page.getByTestId("apply-outcome");
  }
}

export class PatchesPage {
  constructor(readonly page: Page) {}
  async goto(query = "") {
    await this.page.goto(`/patches${query}`);
  }
  rows() {
    return this.page.getByTestId("patch-row");
  }
  async search(text: string) {
    await this.page.getByLabel("Search patches").fill(text);
  }
  async filterTarget(target: string) {
    await this.page.getByLabel("Target filter").selectOption(target);
  }
  detail() {
    return this.page.getByTestId("patch-detail");
  }
  /** Delete… on the selected patch: the impact preview of the restore. */
  async previewDelete() {
    await this.page.getByRole("button", { name: "Delete…" }).click();
    await expect(this.page.getByTestId("impact-preview")).toBeVisible();
  }
  async confirmDelete() {
    await this.page.getByRole("button", { name: "Delete patch" }).click();
    const dialog = this.page.getByRole("dialog");
    // Cancel has the focus: Enter does not delete.
    await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
    await dialog.getByRole("button", { name: "Delete" }).click();
  }
}

export class LabelsPage {
  constructor(readonly page: Page) {}
  async goto() {
    await this.page.goto("/labels");
    await expect(this.page.getByTestId("label-graph")).toBeVisible();
  }
  label(name: string) {
    return this.page.getByTestId("graph-label").filter({ hasText: name });
  }
  object(name: string) {
    return this.page.getByTestId("graph-object").filter({ hasText: new RegExp(`^${name}$`) });
  }
  /** Checkbox mode: clicking objects selects them for the binding form instead of opening them. */
  async select(...names: string[]) {
    await this.page.getByLabel("select objects to bind").check();
    for (const name of names) await this.object(name).click();
  }
  async updateDefaults() {
    await this.page.getByRole("button", { name: "Update defaults" }).click();
  }
  /** Binds `label` to the objects typed (comma or space separated) and those selected in the graph. */
  async bind(label: string, objects = "") {
    const form = this.page.getByRole("form", { name: "Bind a label" });
    await form.getByLabel("Label name").fill(label);
    if (objects) await form.getByLabel("Objects to bind").fill(objects);
    await form.getByRole("button", { name: "Bind" }).click();
  }
}

export class BaseConfigsPage {
  constructor(readonly page: Page) {}
  async goto() {
    await this.page.goto("/base-configs");
  }
  /** A release file: YAML text, or an archive's bytes (`.zip`, `.tar.gz`). */
  async upload(release: string, file: { name: string; text: string } | { name: string; bytes: Uint8Array; mimeType: string }) {
    await this.page.getByLabel("Release version").fill(release);
    await this.page.getByRole("radio", { name: "Archive / file" }).click();
    const payload = "text" in file ? { name: file.name, mimeType: "application/yaml", buffer: Buffer.from(file.text) } : { name: file.name, mimeType: file.mimeType, buffer: Buffer.from(file.bytes) };
    await this.page.getByLabel("Release archive").setInputFiles(payload);
    await this.page.getByRole("button", { name: "Upload", exact: true }).click();
  }
  /** Text mode: the release typed into the editor, `---` between objects. */
  async uploadText(release: string, text: string) {
    await this.page.getByLabel("Release version").fill(release);
    await this.page.getByRole("radio", { name: "Text" }).click();
    await setEditorText(this.page, this.page.getByRole("form", { name: "Upload a release" }), text);
    await this.page.getByRole("button", { name: "Upload", exact: true }).click();
  }
  progress() {
    return this.page.getByTestId("upload-progress");
  }
  /** "RequestID … · job STATUS": the upload job's state (the progress list names every stage, "Done" too, from the start). */
  jobStatus() {
    return this.page.getByText(/^RequestID .* · job /);
  }
  history() {
    return this.page.getByTestId("upgrade-history");
  }
}
