/**
 * npm run bench [-- --build --objects 1000 --patches 2000 --duration 15 --connections 50 --db both]
 *
 * Every benchmark of issue 9's "Load and benchmarks", one after another, then one table:
 * 1. materialization: `npm run bench:materialize` (dm vs `kubectl kustomize`, and vs the floor);
 * 2. API load (bench/api-load.ts) on PGlite and on PostgreSQL;
 * 3. console timings (bench/console.ts) on the PGlite store of step 2.
 * Not a test: it prints figures (README "Performance" has the last ones measured).
 */
import { spawnSync } from "node:child_process";
import { type ApiBench, apiOptions, benchApi, printApi } from "./api-load";
import { removeSnapshot, snapshotBuild } from "./app";
import { type ConsoleBench, benchConsole } from "./console";

const options = apiOptions(process.argv);

console.log("== materialization (npm run bench:materialize)");
const materialize = spawnSync("npm", ["run", "--silent", "bench:materialize"], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
process.stdout.write(materialize.stdout);
const line = (pattern: RegExp) => materialize.stdout.split("\n").find((l) => pattern.test(l))?.trim() ?? "(not printed)";

const app = snapshotBuild({ build: process.argv.includes("--build") });
const api: ApiBench[] = [];
let consoleResult: ConsoleBench | string = "not measured";
try {
  for (const db of options.databases) {
    console.log(`== API load on ${db}`);
    const result = await benchApi(app, db, options, async (server) => {
      if (db !== "pglite") return;
      consoleResult = await benchConsole(server, "bench-hot").catch((error: unknown) => `failed: ${(error as Error).message.split("\n")[0]}`);
    });
    printApi([result]);
    api.push(result);
  }
} finally {
  removeSnapshot(app);
}

console.log("\n== summary");
console.log(`materialize: ${line(/^ratio kustomize/)}; ${line(/^\s*materialize .*floor/)}`);
printApi(api);
if (typeof consoleResult === "string") {
  console.log(`\nconsole: ${consoleResult}`);
} else {
  const c: ConsoleBench = consoleResult;
  console.log(`\nconsole (PGlite store, median of ${c.runs}): Objects page ${c.objectsPageMs.toFixed(0)} ms; impact preview for a label bound to 500 objects ${c.impactPreviewMs.toFixed(0)} ms after the edit (incl. 600 ms debounce; "${c.impactSummary}")`);
}
