/**
 * npm run bench:api [-- --build | --app SNAPSHOT_DIR --cpu-prof DIR --db pglite|postgres|both --objects 1000 --patches 2000 --duration 15 --connections 50 --via-next]
 *
 * API under load from another process on loopback. Starts the production server (.next/dm-server.mjs,
 * as tests/support/server.ts does) on a fresh PGlite data dir or a fresh PostgreSQL database,
 * seeds it through the real API (a release of N objects from the materialization workload,
 * label bindings, then the workload's patches — name- and label-targeted — applied in batches as
 * zip archives) and measures with autocannon, 50 connections each:
 *   - GET configs/OBJECT (a random object per request),
 *   - GET patches (every live patch), as is and with gzip accepted (as browsers and python-requests ask),
 *   - POST patches/apply (a name-targeted patch on a random object per request),
 * then applies single patches to a label bound to 500 objects (re-materializes and pushes those
 * 500) one at a time. Prints throughput, p50/p99 and errors.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { strToU8, zipSync } from "fflate";
import type { DatabaseKind } from "../tests/support/server";
import { type BenchServer, removeSnapshot, snapshotBuild, startApp } from "./app";
import { writeWorkload } from "./workload";

export type LoadResult = {
  name: string;
  requests: number;
  throughput: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
};

export type ApiBench = {
  database: DatabaseKind;
  viaNext: boolean;
  seed: { objects: number; patches: number; seconds: number };
  load: LoadResult[];
  hotLabel: { bound: number; medianMs: number; runs: number[] };
};

type Options = { objects: number; patches: number; labels: number; duration: number; connections: number; nodeArgs?: string[]; viaNext?: boolean };

const HOT_LABEL = "bench-hot";
const HOT_BOUND = 500;

async function call(server: BenchServer, method: string, path: string, body?: BodyInit, contentType?: string): Promise<unknown> {
  const headers: Record<string, string> = { Token: server.token };
  if (contentType) headers["content-type"] = contentType;
  const response = await fetch(`${server.apiRoot}${path}`, { method, headers, body });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 500)}`);
  return JSON.parse(text) as unknown;
}

const formBody = (fields: [string, string][]) => new URLSearchParams(fields).toString();
const FORM = "application/x-www-form-urlencoded";

/** The workload through the API: release, bindings (+ the hot label), patches in zip batches. */
async function seed(server: BenchServer, dir: string, options: Options): Promise<string[]> {
  const baseDir = join(dir, "base");
  const release = readdirSync(baseDir).sort().map((f) => readFileSync(join(baseDir, f), "utf8")).join("---\n");
  const t0 = performance.now();
  await call(server, "POST", "/base_configs", formBody([["release_version", "24.01.1"], ["base_config", release]]), FORM);
  progress(`release of ${options.objects} objects uploaded and pushed in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const names = [...release.matchAll(/^ {2}name: ((?:deployment|service|configmap)-\d+)$/gm)].map((m) => m[1]!);
  const objects = [...new Set(names)].sort();
  if (objects.length !== options.objects) throw new Error(`seeded ${objects.length} objects, expected ${options.objects}`);

  const bindings = JSON.parse(readFileSync(join(dir, "bindings.json"), "utf8")) as Record<string, string[]>;
  bindings[HOT_LABEL] = objects.slice(0, HOT_BOUND);
  for (const [label, bound] of Object.entries(bindings)) {
    if (bound.length === 0) continue;
    await call(server, "POST", "/resource_labels/binding", formBody([["label", label], ...bound.map((o): [string, string] => ["object_name", o])]), FORM);
  }

  const patchDir = join(dir, "patches");
  const files = readdirSync(patchDir).sort();
  const BATCH = 500;
  for (let i = 0; i < files.length; i += BATCH) {
    const batch = files.slice(i, i + BATCH);
    const archive = zipSync(Object.fromEntries(batch.map((f) => [f, strToU8(readFileSync(join(patchDir, f), "utf8"))])));
    const form = new FormData();
    form.append("description", `bench batch ${i / BATCH}`);
    form.append("file", new Blob([archive]), `batch-${i / BATCH}.zip`);
    const t = performance.now();
    await call(server, "POST", "/patches/apply", form);
    progress(`patches ${i + 1}-${i + batch.length} applied in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  const listed = (await call(server, "GET", "/patches")) as { data: { patches: unknown[] } };
  if (listed.data.patches.length !== options.patches) throw new Error(`seeded ${listed.data.patches.length} patches, expected ${options.patches}`);
  return objects;
}

let counter = 0;

const progress = (message: string) => process.stderr.write(`[bench:api] ${message}\n`);

type Target = Pick<BenchServer, "baseUrl" | "token">;

async function load(server: Target, name: string, options: Options, request: autocannon.Request): Promise<LoadResult> {
  const result = await autocannon({
    url: server.baseUrl,
    connections: options.connections,
    duration: options.duration,
    timeout: 30,
    headers: { Token: server.token },
    requests: [request],
  });
  return {
    name,
    requests: result.requests.total,
    throughput: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

async function measure(server: BenchServer, objects: string[], options: Options): Promise<LoadResult[]> {
  const api = new URL(server.apiRoot).pathname;
  const pick = () => objects[Math.floor(Math.random() * objects.length)]!;
  const results: LoadResult[] = [];
  // Warm-up: route compilation, JIT, caches.
  await load(server, "warm-up", { ...options, duration: 3 }, { method: "GET", setupRequest: (r) => ({ ...r, path: `${api}/configs/${pick()}` }) });
  results.push(await load(server, "GET configs/OBJECT", options, { method: "GET", setupRequest: (r) => ({ ...r, path: `${api}/configs/${pick()}` }) }));
  const bodies = { identity: await body(server, `${api}/patches`, "identity"), gzip: await body(server, `${api}/patches`, "gzip") };
  const getPatches = async (target: Target, label: string) => {
    results.push(await load(target, `${label} (${mb(bodies.identity.length)})`, options, { method: "GET", path: `${api}/patches` }));
    // What browsers, curl --compressed and python-requests ask for.
    const gzip = { Token: target.token, "accept-encoding": "gzip, deflate" };
    results.push(await load(target, `${label}, gzip accepted (${mb(bodies.gzip.length)})`, options, { method: "GET", path: `${api}/patches`, headers: gzip }));
  };
  await getPatches(server, "GET patches");
  // The floor for bodies this size on this machine: a bare Node server sending the same bytes.
  await withStaticServer(bodies, (floor) => getPatches(floor, "floor: the same bytes from a bare Node server"));
  results.push(
    await load(server, "POST patches/apply (one object)", options, {
      method: "POST",
      headers: { Token: server.token, "content-type": FORM },
      setupRequest: (r) => {
        const target = pick();
        const body = `# target: ${target}\nmetadata:\n  annotations:\n    bench-load: "${++counter}"\n`;
        return { ...r, path: `${api}/patches/apply`, body: formBody([["patch", body], ["description", "bench load"]]) };
      },
    }),
  );
  return results;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;

/** The body as sent on the wire for an Accept-Encoding. */
function body(server: BenchServer, path: string, encoding: string): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    http
      .get(`${server.baseUrl}${path}`, { headers: { Token: server.token, "accept-encoding": encoding } }, (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => resolve(Buffer.concat(chunks)));
      })
      .on("error", reject);
  });
}

/** bench/static-server.mjs in its own process, serving `bodies`, for the duration of `run`. */
async function withStaticServer(bodies: { identity: Buffer; gzip: Buffer }, run: (target: Target) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "dm-bench-floor-"));
  writeFileSync(join(dir, "body"), bodies.identity);
  writeFileSync(join(dir, "body.gz"), bodies.gzip);
  const child = spawn(process.execPath, [join(import.meta.dirname, "static-server.mjs"), join(dir, "body"), join(dir, "body.gz")], { stdio: ["ignore", "pipe", "inherit"] });
  try {
    const port = await new Promise<string>((resolve, reject) => {
      child.stdout!.once("data", (chunk: Buffer) => resolve(chunk.toString().trim()));
      child.once("exit", (code) => reject(new Error(`static server exited (${code})`)));
    });
    await run({ baseUrl: `http://127.0.0.1:${port}`, token: "unused" });
  } finally {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Single patches on the label bound to 500 objects, one at a time. */
async function hotLabel(server: BenchServer, bound: number, runs: number): Promise<ApiBench["hotLabel"]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const patch = `# target: ${HOT_LABEL}\nmetadata:\n  annotations:\n    bench-hot: "${i}"\n`;
    const start = performance.now();
    const result = (await call(server, "POST", "/patches/apply", formBody([["patch", patch]]), FORM)) as { data: { successful_apply: string[] } };
    times.push(performance.now() - start);
    const pushed = result.data.successful_apply.length;
    if (pushed !== bound) throw new Error(`the label patch pushed ${pushed} objects, expected ${bound}`);
  }
  return { bound, medianMs: median(times), runs: times };
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

export async function benchApi(
  app: string,
  database: DatabaseKind,
  options: Options,
  keep?: (server: BenchServer, objects: string[]) => Promise<void>,
): Promise<ApiBench> {
  const dir = mkdtempSync(join(tmpdir(), "dm-bench-api-"));
  const server = await startApp(app, database, options.nodeArgs, options.viaNext);
  try {
    writeWorkload(dir, { objects: options.objects, patches: options.patches, labels: options.labels, seed: 7 });
    const started = performance.now();
    const objects = await seed(server, dir, options);
    const seconds = (performance.now() - started) / 1000;
    const loadResults = await measure(server, objects, options);
    const hot = await hotLabel(server, Math.min(HOT_BOUND, objects.length), 5);
    await keep?.(server, objects);
    return { database, viaNext: options.viaNext === true, seed: { objects: objects.length, patches: options.patches, seconds }, load: loadResults, hotLabel: hot };
  } catch (error) {
    console.error(server.output().slice(-4000));
    throw error;
  } finally {
    await server.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function apiOptions(argv: string[]): Options & { databases: DatabaseKind[] } {
  const flag = (name: string, fallback: number) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? Number(argv[i + 1]) : fallback;
  };
  const dbIndex = argv.indexOf("--db");
  const db = dbIndex >= 0 ? argv[dbIndex + 1] : "both";
  const profIndex = argv.indexOf("--cpu-prof");
  return {
    // --cpu-prof DIR: the server writes a V8 CPU profile there when it stops.
    nodeArgs: profIndex >= 0 ? ["--cpu-prof", `--cpu-prof-dir=${argv[profIndex + 1]}`] : [],
    databases: db === "both" ? ["pglite", "postgres"] : [db as DatabaseKind],
    // --via-next: serve with `next start` (no fast reads), for an A/B against the production server.
    viaNext: argv.includes("--via-next"),
    objects: flag("objects", 1000),
    patches: flag("patches", 2000),
    labels: flag("labels", 20),
    duration: flag("duration", 15),
    connections: flag("connections", 50),
  };
}

export function printApi(results: ApiBench[]): void {
  for (const r of results) {
    console.log(`\nAPI on ${r.database}${r.viaNext ? " (next start)" : ""}: ${r.seed.objects} objects, ${r.seed.patches} patches (seeded through the API in ${r.seed.seconds.toFixed(0)} s)`);
    console.log("| request | requests | req/s | p50 ms | p99 ms | max ms | errors |");
    console.log("|---|---|---|---|---|---|---|");
    for (const l of r.load) console.log(`| ${l.name} | ${l.requests} | ${l.throughput.toFixed(0)} | ${l.p50} | ${l.p99} | ${l.max} | ${l.errors} |`);
    console.log(`| POST patches/apply, label bound to ${r.hotLabel.bound} (one at a time) | ${r.hotLabel.runs.length} | — | ${r.hotLabel.medianMs.toFixed(0)} | ${Math.max(...r.hotLabel.runs).toFixed(0)} (max) | — | 0 |`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const options = apiOptions(process.argv);
  const appIndex = process.argv.indexOf("--app");
  const given = appIndex >= 0 ? process.argv[appIndex + 1] : undefined;
  const app = given ?? snapshotBuild({ build: process.argv.includes("--build") });
  try {
    const results: ApiBench[] = [];
    for (const db of options.databases) results.push(await benchApi(app, db, options));
    printApi(results);
  } finally {
    if (!given) removeSnapshot(app);
  }
}
