import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";

/** Reads the simulated cluster of a started app with the real kubectl (its kubeconfig is DATA_DIR/sim/kubeconfig). */
export async function kubectlJson<T = { items: Record<string, unknown>[] }>(dataDir: string, args: string[]): Promise<T> {
  const { stdout } = await promisify(execFile)("kubectl", ["--kubeconfig", path.join(dataDir, "sim", "kubeconfig"), ...args, "-o", "json"], {
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout) as T;
}

export async function waitFor<T>(probe: () => Promise<T | undefined | null | false>, timeoutMs = 20_000, what = "condition"): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
