#!/usr/bin/env node
// `dm`: runs the bundled CLI (CommonJS, see scripts/build-cli.mjs); builds it first when it is
// missing or older than its sources. Built-in modules come from process.getBuiltinModule, not
// `import`, so no ES module facades are built at start-up.
const { readdirSync, readFileSync, renameSync, statSync, writeFileSync } = process.getBuiltinModule("node:fs");
const { createRequire } = process.getBuiltinModule("node:module");
const { fileURLToPath } = process.getBuiltinModule("node:url");
const { setFlagsFromString } = process.getBuiltinModule("node:v8");
const { Script } = process.getBuiltinModule("node:vm");

const root = fileURLToPath(new URL("..", import.meta.url));
const bundle = `${root}node_modules/.cache/dm/dm.cjs`;
const codeCache = `${bundle}.code-cache`;

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts")) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function bundleStamp() {
  try {
    const { mtimeMs, size } = statSync(bundle);
    return { mtimeMs, stamp: `${mtimeMs}:${size}\n` };
  } catch {
    return { mtimeMs: 0, stamp: "" };
  }
}

/** V8's code cache for this very bundle (its stamp heads the file), or undefined. */
function readCodeCache(stamp) {
  try {
    const data = readFileSync(codeCache);
    return data.toString("latin1", 0, stamp.length) === stamp ? data.subarray(stamp.length) : undefined;
  } catch {
    return undefined;
  }
}

/** Written after the run, so it holds the bytecode of every function the run compiled. */
function writeCodeCache(stamp, script) {
  try {
    const temporary = `${codeCache}.${process.pid}`;
    writeFileSync(temporary, Buffer.concat([Buffer.from(stamp, "latin1"), script.createCachedData()]));
    renameSync(temporary, codeCache);
  } catch {
    // A read-only checkout runs without the cache.
  }
}

let { mtimeMs, stamp } = bundleStamp();
if (mtimeMs < newestSource(`${root}lib/materialize`)) {
  const { buildCli } = await import(new URL("../scripts/build-cli.mjs", import.meta.url).href);
  await buildCli();
  ({ stamp } = bundleStamp());
}

// A dm run is short: at V8's default budget the optimizing compiler spends more than it saves
// (300 objects / 600 patches: 295 -> 175 ms). 16 times the budget still optimizes what a long
// run keeps hot (3,000 objects: 3% slower than the default, twice as fast as no optimizing).
setFlagsFromString("--interrupt-budget=1081344");

// The bundle runs as CommonJS would run it, compiled with V8's code cache: no parsing and
// bytecode generation of the functions the last run compiled.
const cachedData = readCodeCache(stamp);
const source = readFileSync(bundle, "utf8");
const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: bundle, cachedData });
const module = { exports: {} };
script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, `${root}node_modules/.cache/dm`);
// Cached after a run that materialized something, not after a usage error that compiled little.
if ((cachedData === undefined || script.cachedDataRejected) && process.exitCode === 0) writeCodeCache(stamp, script);
