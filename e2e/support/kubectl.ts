import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { Page } from "@playwright/test";

/**
 * kubectl against the app's simulated cluster, to change it behind the app's back. The Overview
 * (where signing in lands) names the simulator's kubeconfig, DATA_DIR/sim/kubeconfig.
 */
export async function simKubectl(page: Page) {
  const kubeconfig = (await page.locator("code").filter({ hasText: "--kubeconfig" }).innerText()).match(/--kubeconfig (\S+)/)![1]!;
  return (...args: string[]) => promisify(execFile)("kubectl", ["--kubeconfig", kubeconfig, "-n", "instabase", ...args]);
}
