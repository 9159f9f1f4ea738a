// npm start: build once when there is no build, then serve the console and API
// (port PORT, default 9500, the port the reference uses).
import { spawnSync, spawn } from "node:child_process";
import fs from "node:fs";

const port = process.env.PORT || "9500";
const bin = (name) => new URL(`../node_modules/.bin/${name}`, import.meta.url).pathname;

if (!fs.existsSync(new URL("../.next/BUILD_ID", import.meta.url))) {
  console.log("[deployment-manager] no build found: running next build first");
  const build = spawnSync(bin("next"), ["build"], { stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const server = spawn(bin("next"), ["start", "-p", port], { stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
