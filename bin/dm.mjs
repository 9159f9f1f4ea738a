#!/usr/bin/env node
// `dm`: runs the bundled CLI (CommonJS, see scripts/build-cli.mjs); builds it first when it is
// missing or older than its sources. Built-in modules come from process.getBuiltinModule, not
// `import`, so no ES module facades are built at start-up.
const { readdirSync, statSync } = process.getBuiltinModule("node:fs");
const { createRequire } = process.getBuiltinModule("node:module");
const { fileURLToPath } = process.getBuiltinModule("node:url");

const root = fileURLToPath(new URL("..", import.meta.url));
const bundle = `${root}node_modules/.cache/dm/dm.cjs`;

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
  const { buildCli } = await import(new URL("../scripts/build-cli.mjs", import.meta.url).href);
  await buildCli();
}
createRequire(import.meta.url)(bundle);
