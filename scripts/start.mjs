// npm start: build once when there is no build, then serve the console and API
// (port PORT, default 9500, the port the reference uses) with the production server
// (lib/server/main.ts, bundled to .next/dm-server.mjs).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { ensureServer } from "./build-server.mjs";

process.env.PORT ||= "9500";
process.env.NODE_ENV = "production";

if (!fs.existsSync(new URL("../.next/BUILD_ID", import.meta.url))) {
  console.log("[deployment-manager] no build found: running next build first");
  const bin = new URL("../node_modules/.bin/next", import.meta.url).pathname;
  const build = spawnSync(bin, ["build"], { stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

await import(await ensureServer());
