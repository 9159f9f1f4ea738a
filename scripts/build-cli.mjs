// Bundles the `dm` CLI (lib/materialize/cli-main.ts) into one minified CommonJS file of plain
// JavaScript, so `dm` starts without transpiling TypeScript and without Node's ES module loader
// (whose facades for built-in modules cost more than the CLI's own start-up).
// Output: node_modules/.cache/dm/dm.cjs (ignored by git).
import { build } from "esbuild";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
export const CLI_BUNDLE = `${root}node_modules/.cache/dm/dm.cjs`;

export async function buildCli() {
  await build({
    entryPoints: [`${root}lib/materialize/cli-main.ts`],
    outfile: CLI_BUNDLE,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    minify: true,
    logLevel: "warning",
    alias: { "@": root },
  });
  return CLI_BUNDLE;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildCli();
  console.log(`built ${CLI_BUNDLE}`);
}
