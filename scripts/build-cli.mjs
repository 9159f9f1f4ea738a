// Bundles the `dm` CLI (lib/materialize/cli-main.ts) into one ES module of plain JavaScript, so
// `dm` starts without transpiling TypeScript. Output: node_modules/.cache/dm/dm.mjs (ignored by git).
import { build } from "esbuild";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
export const CLI_BUNDLE = `${root}node_modules/.cache/dm/dm.mjs`;

export async function buildCli() {
  await build({
    entryPoints: [`${root}lib/materialize/cli-main.ts`],
    outfile: CLI_BUNDLE,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    minify: true,
    logLevel: "warning",
    alias: { "@": root },
    banner: { js: 'import { createRequire as __cr } from "node:module"; const require = __cr(import.meta.url);' },
  });
  return CLI_BUNDLE;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildCli();
  console.log(`built ${CLI_BUNDLE}`);
}
