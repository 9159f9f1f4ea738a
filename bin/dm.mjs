#!/usr/bin/env node
// `dm`: runs the bundled CLI; builds the bundle first when it is missing or older than its sources.
import { readdirSync, statSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const bundle = `${root}node_modules/.cache/dm/dm.mjs`;

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts")) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

let built = 0;
try {
  built = statSync(bundle).mtimeMs;
} catch {}
if (built < newestSource(`${root}lib/materialize`)) {
  const { buildCli } = await import(pathToFileURL(`${root}scripts/build-cli.mjs`).href);
  await buildCli();
}
await import(pathToFileURL(bundle).href);
