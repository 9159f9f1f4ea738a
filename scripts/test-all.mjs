// npm test: every suite. Builds the app (the integration and browser tests run the production
// build), then unit + integration (Vitest, PGlite and PostgreSQL), then the browser tests.
import { spawnSync } from "node:child_process";
import { ensureChromium } from "./ensure-chromium.mjs";

const bin = (name) => new URL(`../node_modules/.bin/${name}`, import.meta.url).pathname;
const env = { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: "1", NEXT_TELEMETRY_DISABLED: "1" };

function run(label, command, args) {
  console.log(`\n[test] ${label}: ${[command, ...args].map((a) => a.split("/").pop()).join(" ")}`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: "inherit", env });
  console.log(`[test] ${label}: ${result.status === 0 ? "ok" : "FAILED"} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (result.status !== 0) process.exit(result.status ?? 1);
}

ensureChromium();
run("build", bin("next"), ["build"]);
run("server bundle", process.execPath, ["scripts/build-server.mjs"]);
run("unit + integration", bin("vitest"), ["run"]);
run("browser", bin("playwright"), ["test"]);
