import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";

// Debian's chromium (browsers cannot be downloaded here); the app runs on a fresh PGlite data dir.
const PORT = Number(process.env.E2E_PORT ?? 9590);
export const E2E_TOKEN = "e2e-token-0123456789abcdef";
const dataDir = path.join(os.tmpdir(), `dm-e2e-${process.pid}`);
/** A second app that no spec writes to: the Overview spec sees a store that is not set up yet. */
const FRESH_PORT = PORT + 1;
export const FRESH_BASE_URL = `http://127.0.0.1:${FRESH_PORT}`;

const server = (port: number, dir: string) => ({
  command: `rm -rf ${dir} && node scripts/start.mjs`,
  url: `http://127.0.0.1:${port}/sign-in`,
  timeout: 180_000,
  reuseExistingServer: false,
  env: { PORT: String(port), DATA_DIR: dir, DM_API_TOKEN: E2E_TOKEN, KUBE_MODE: "sim", DATABASE_URL: "" },
  stdout: "pipe" as const,
});

export default defineConfig({
  testDir: "e2e",
  forbidOnly: !!process.env.CI,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: "on-first-retry",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  webServer: [server(PORT, dataDir), server(FRESH_PORT, `${dataDir}-fresh`)],
});
