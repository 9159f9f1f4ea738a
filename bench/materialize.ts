/**
 * npm run bench:materialize [-- --objects 300 --patches 600 --labels 20 --runs 5 --no-kustomize]
 *
 * 1. Generates a workload and the equivalent kustomize overlay (bench/workload.ts).
 * 2. Runs `dm materialize` (bin/dm.mjs, as users run it: the bundled CLI) and `kubectl kustomize`
 *    as whole processes on the same inputs, checks both give the same objects, prints both times
 *    and the ratio.
 * 3. In process: materialization vs the floor, the time to only parse the inputs and serialize
 *    the outputs. Two floors: js-yaml (load + dump), and this library's own reader and writer
 *    (yaml-fast-read.ts, yaml-write.ts), the fastest safe pair here; the ratio is against the
 *    faster one. Then the cost of one new label patch in a store of N objects vs 10·N objects
 *    (it should follow the objects bound, not the store).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import jsYaml from "js-yaml";
import {
  buildIndex,
  materialize,
  materializeObjects,
  identify,
  parseBaseObjects,
  parseDocuments,
  parsePatchText,
  toYaml,
  type BaseObject,
  type LabelBindings,
  type PatchRecord,
} from "../lib/materialize";
import { isMap, jsonEqual } from "../lib/materialize/json-value";
import { writeWorkload } from "./workload";

const root = fileURLToPath(new URL("..", import.meta.url));
const dmBin = join(root, "bin/dm.mjs");
const JS_YAML_DUMP = { sortKeys: true, noArrayIndent: true, lineWidth: -1, noRefs: true };

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const objects = flag("objects", 300);
const patches = flag("patches", 600);
const labels = flag("labels", 20);
const runs = flag("runs", 5);
const withKustomize = !process.argv.includes("--no-kustomize");

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const ms = (n: number) => `${n.toFixed(1)} ms`;

function timeProcess(cmd: string, args: string[]): { ms: number; stdout: string } {
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 512 * 1024 * 1024 });
  const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${r.status}): ${r.stderr}`);
  return { ms: elapsed, stdout: r.stdout };
}

/** Objects by name; keyed lists (containers, env, ports, ...) compared as sets: the tools order appended elements differently. */
function byName(stream: string): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const doc of jsYaml.loadAll(stream)) {
    if (isMap(doc) && isMap(doc.metadata)) out.set(String(doc.metadata.name), normalize(doc));
  }
  return out;
}

function normalize(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(normalize);
    const key = ["name", "containerPort", "port", "mountPath"].find((k) => items.every((i) => isMap(i) && i[k] !== undefined));
    return key === undefined ? items : items.sort((a, b) => String((a as Record<string, unknown>)[key]).localeCompare(String((b as Record<string, unknown>)[key])));
  }
  if (isMap(value)) return Object.fromEntries(Object.keys(value).map((k) => [k, normalize(value[k])]));
  return value;
}

function readInputs(dir: string): { texts: string[]; patchTexts: string[]; bindings: LabelBindings } {
  const baseDir = join(dir, "base");
  const patchDir = join(dir, "patches");
  return {
    texts: readdirSync(baseDir).sort().map((f) => readFileSync(join(baseDir, f), "utf8")),
    patchTexts: readdirSync(patchDir).sort().map((f) => readFileSync(join(patchDir, f), "utf8")),
    bindings: JSON.parse(readFileSync(join(dir, "bindings.json"), "utf8")) as LabelBindings,
  };
}

function inProcess(dir: string) {
  const inputs = readInputs(dir);
  const floorJsYaml = () => {
    const docs = inputs.texts.flatMap((t) => jsYaml.loadAll(t));
    for (const p of inputs.patchTexts) jsYaml.load(p);
    return docs.map((d) => jsYaml.dump(d, JS_YAML_DUMP)).join("");
  };
  const floorOwn = () => {
    const docs = inputs.texts.flatMap((t) => parseDocuments(t));
    for (const p of inputs.patchTexts) parseDocuments(p);
    return docs.map((d) => toYaml(d.value)).join("");
  };
  const full = (provenance: boolean) => {
    const objs: BaseObject[] = inputs.texts.flatMap((t) => parseBaseObjects(t));
    const recs: PatchRecord[] = inputs.patchTexts.map((t, i) => {
      const patch = parsePatchText(t);
      return { version: i + 1, target: patch.target as string, patch };
    });
    const result = materialize({ objects: objs, patches: recs, bindings: inputs.bindings }, { provenance, yaml: true });
    return result.objects.map((o) => o.config).join("");
  };
  // Three rounds of a block of five runs of each, after three warm-up runs: a run's garbage is
  // mostly collected within its own block, and a change of load on a shared machine reaches
  // every measurement alike. Medians of the fifteen runs.
  const fns = { jsYamlFloor: floorJsYaml, ownFloor: floorOwn, dm: () => full(false), dmProvenance: () => full(true) };
  const samples = Object.fromEntries(Object.keys(fns).map((k) => [k, [] as number[]])) as Record<keyof typeof fns, number[]>;
  for (const fn of Object.values(fns)) for (let i = 0; i < 3; i++) fn();
  for (let round = 0; round < 3; round++) {
    for (const [name, fn] of Object.entries(fns) as [keyof typeof fns, () => unknown][]) {
      for (let i = 0; i < 5; i++) {
        const start = performance.now();
        fn();
        samples[name].push(performance.now() - start);
      }
    }
  }
  const [jsYamlFloor, ownFloor, dm, dmProvenance] = [samples.jsYamlFloor, samples.ownFloor, samples.dm, samples.dmProvenance].map(median) as [number, number, number, number];
  return { jsYamlFloor, ownFloor, floor: Math.min(jsYamlFloor, ownFloor), dm, dmProvenance };
}

/** One label patch bound to `bound` objects, in stores of `store` objects: re-materialization time. */
function incremental(store: number, bound: number): number {
  const objs: BaseObject[] = identify(
    Array.from({ length: store }, (_, i) => ({
      kind: "Deployment",
      where: `deployment ${i}`,
      object: { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: `deployment-${i}` }, spec: { replicas: 1, template: { spec: { containers: [{ name: "app", image: "app:1", env: [{ name: "A", value: "1" }] }] } } } },
    })),
  );
  const filler: PatchRecord[] = Array.from({ length: store * 2 }, (_, i) => ({
    version: i + 1,
    target: `deployment-${i % store}`,
    patch: parsePatchText(`# target: deployment-${i % store}\nspec:\n  replicas: ${(i % 9) + 1}\n`),
  }));
  const bindings = { hot: objs.slice(0, bound).map((o) => o.key) };
  const index = buildIndex({ objects: objs, patches: filler, bindings });
  const patch = parsePatchText("# target: hot\nspec:\n  template:\n    spec:\n      containers:\n      - name: app\n        env:\n        - name: LOG_LEVEL\n          value: DEBUG\n");
  const xs: number[] = [];
  for (let i = 0; i < 7; i++) {
    const start = performance.now();
    const affected = index.addPatch({ version: store * 2 + 1 + i, target: "hot", patch });
    materializeObjects(index, affected);
    xs.push(performance.now() - start);
  }
  return median(xs);
}

const dir = mkdtempSync(join(tmpdir(), "dm-bench-"));
try {
  writeWorkload(dir, { objects, patches, labels, seed: 42 });
  console.log(`workload: ${objects} objects, ${patches} patches, ${labels} labels in ${dir}`);

  const dmArgs = [dmBin, "materialize", "--base", join(dir, "base"), "--patches", join(dir, "patches"), "--bindings", join(dir, "bindings.json"), "--out", "-"];
  timeProcess(process.execPath, dmArgs);
  const dmRuns = Array.from({ length: runs }, () => timeProcess(process.execPath, dmArgs));
  const dmMs = median(dmRuns.map((r) => r.ms));
  console.log(`dm materialize (whole process, median of ${runs}): ${ms(dmMs)}`);

  if (withKustomize) {
    const k = timeProcess("kubectl", ["kustomize", dir]);
    console.log(`kubectl kustomize (whole process): ${ms(k.ms)}`);
    console.log(`ratio kustomize / dm: ${(k.ms / dmMs).toFixed(1)}x (goal >= 50x)`);
    const ours = byName((dmRuns[0] as { stdout: string }).stdout);
    const theirs = byName(k.stdout);
    const differing = [...theirs.keys()].filter((n) => !jsonEqual(ours.get(n), theirs.get(n)));
    if (ours.size !== theirs.size || differing.length > 0) {
      console.log(`OUTPUTS DIFFER: dm ${ours.size} objects, kustomize ${theirs.size}; differing: ${differing.slice(0, 5).join(", ")}`);
      const first = differing[0];
      if (first !== undefined) console.log(`dm:\n${jsYaml.dump(ours.get(first))}\nkustomize:\n${jsYaml.dump(theirs.get(first))}`);
      process.exitCode = 1;
    } else {
      console.log(`same output: ${ours.size} objects equal (keyed lists compared as sets)`);
    }
  }

  const t = inProcess(dir);
  console.log(`in process: floor (parse inputs + serialize outputs) js-yaml ${ms(t.jsYamlFloor)}, own reader/writer ${ms(t.ownFloor)}`);
  console.log(`  materialize ${ms(t.dm)}: ${(t.dm / t.floor).toFixed(2)}x the faster floor (goal <= 2x), ${(t.dm / t.jsYamlFloor).toFixed(2)}x the js-yaml floor`);
  console.log(`  with provenance ${ms(t.dmProvenance)}: ${(t.dmProvenance / t.floor).toFixed(2)}x the faster floor`);

  const bound = 50;
  const small = incremental(objects, bound);
  const large = incremental(objects * 10, bound);
  console.log(`one new label patch bound to ${bound} objects: re-materialize ${ms(small)} in a store of ${objects}, ${ms(large)} in a store of ${objects * 10}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
