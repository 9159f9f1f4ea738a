/**
 * Console timings with Playwright (Debian's /usr/bin/chromium) against a seeded app:
 * - Objects page: navigation start → the first object row and the object count are shown;
 * - patch impact preview: on /patches/new with a label bound to N objects as target, the time
 *   from replacing the editor's text to the preview listing the affected objects (this includes
 *   the editor's 600 ms typing debounce).
 * Medians of `runs` (a first, unmeasured visit warms the server's routes).
 */
import { chromium } from "@playwright/test";
import type { BenchServer } from "./app";

export type ConsoleBench = { objectsPageMs: number; impactPreviewMs: number; impactSummary: string; runs: number };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const PATCH = "metadata:\n  annotations:\n    bench-preview: \"yes\"\n";

export async function benchConsole(server: BenchServer, label: string, runs = 3): Promise<ConsoleBench> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
  });
  try {
    const page = await browser.newPage({ baseURL: server.baseUrl });
    await page.goto("/sign-in");
    await page.getByLabel("API token").fill(server.token);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));

    const objects: number[] = [];
    for (let i = 0; i <= runs; i++) {
      const start = performance.now();
      await page.goto("/objects");
      await page.getByTestId("object-row").first().waitFor({ timeout: 60_000 });
      await page.getByTestId("objects-count").waitFor();
      if (i > 0) objects.push(performance.now() - start);
    }

    const previews: number[] = [];
    let summary = "";
    for (let i = 0; i <= runs; i++) {
      await page.goto(`/patches/new?target=${encodeURIComponent(label)}`);
      const editor = page.locator(".monaco-editor textarea").first();
      await editor.waitFor({ state: "attached", timeout: 60_000 });
      await page.locator(".monaco-editor").first().click();
      // From an empty editor (no preview shown: a draft or the previous text may be there first).
      await page.keyboard.press("Control+A");
      await page.keyboard.press("Delete");
      await page.getByTestId("impact-summary").first().waitFor({ state: "detached", timeout: 60_000 });
      const start = performance.now();
      await page.keyboard.insertText(PATCH.replace('"yes"', `"run-${i}"`));
      // The preview of this very text: its diff shows the new value.
      await page.waitForFunction((value) => document.querySelector("[data-testid=impact-preview]")?.textContent?.includes(value) === true, `run-${i}`, { timeout: 120_000 });
      if (i > 0) previews.push(performance.now() - start);
      summary = (await page.getByTestId("impact-summary").first().innerText()).trim();
    }
    return { objectsPageMs: median(objects), impactPreviewMs: median(previews), impactSummary: summary, runs };
  } finally {
    await browser.close();
  }
}
