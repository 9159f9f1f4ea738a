// Bundles the production server (lib/server/main.ts: Next.js in custom-server mode plus the fast
// read routes) into `.next/dm-server.mjs`, next to the Next.js build it serves. Packages stay
// external when Next.js keeps them external too (next.config.ts serverExternalPackages, read from
// the build), so the standalone output's traced node_modules hold everything the bundle needs.
import { build } from "esbuild";
import fs from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
export const SERVER_BUNDLE = `${root}.next/dm-server.mjs`;
const BUILD_ID = `${root}.next/BUILD_ID`;

/** next.config.ts's serverExternalPackages, as the build recorded them, and Next.js itself. */
function externalPackages() {
  const manifest = JSON.parse(fs.readFileSync(`${root}.next/required-server-files.json`, "utf8"));
  return ["next", ...(manifest.config.serverExternalPackages ?? [])];
}

export async function buildServer() {
  const result = await build({
    entryPoints: [`${root}lib/server/main.ts`],
    bundle: true,
    write: false,
    platform: "node",
    format: "esm",
    target: "node20",
    logLevel: "warning",
    alias: { "@": root.replace(/\/$/, "") },
    external: externalPackages(),
    // CommonJS code inside the bundle (e.g. dependencies of zod-free packages) may call require().
    banner: { js: "import { createRequire as __dmCreateRequire } from 'node:module'; const require = __dmCreateRequire(import.meta.url);" },
    // Part of the bundle, so the server and its table never come apart (the image copies the bundle alone).
    define: { __DM_ROUTE_METHODS__: JSON.stringify(await routeMethods()) },
  });
  // Written whole and renamed: servers starting in parallel never load a torn file.
  const tmp = `${SERVER_BUNDLE}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, result.outputFiles[0].contents);
  fs.renameSync(tmp, SERVER_BUNDLE);
  return SERVER_BUNDLE;
}

const HTTP_METHODS = new Set(["GET", "HEAD", "OPTIONS", "POST", "PUT", "DELETE", "PATCH"]);

/**
 * The HTTP methods each route handler exports, by route path (`{"/api/health": ["GET"], ...}`),
 * read from the sources by esbuild (no bundling) and compiled into the bundle: the production
 * server answers any other method itself (lib/server/app-server.ts: token check, then 405 JSON)
 * instead of Next.js's bare 405.
 */
async function routeMethods() {
  const files = fs
    .readdirSync(`${root}app`, { recursive: true })
    .filter((file) => /(^|\/)route\.tsx?$/.test(file))
    .map((file) => `app/${file}`);
  const { metafile } = await build({ entryPoints: files, absWorkingDir: root, outdir: "route-methods", bundle: false, write: false, metafile: true, format: "esm", logLevel: "warning" });
  const table = {};
  for (const output of Object.values(metafile.outputs)) {
    if (!output.entryPoint) continue;
    const route = `/${output.entryPoint}`.replace(/^\/app/, "").replace(/\/\([^/]+\)/g, "").replace(/\/route\.tsx?$/, "") || "/";
    table[route] = output.exports.filter((name) => HTTP_METHODS.has(name)).sort();
  }
  return table;
}

/** Builds the bundle when it is missing or older than the Next.js build. */
export async function ensureServer() {
  const mtime = (file) => (fs.existsSync(file) ? fs.statSync(file).mtimeMs : -1);
  if (mtime(SERVER_BUNDLE) < mtime(BUILD_ID)) await buildServer();
  return SERVER_BUNDLE;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildServer();
  console.log(`built ${SERVER_BUNDLE}`);
}
