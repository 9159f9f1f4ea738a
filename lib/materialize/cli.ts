/**
 * `dm materialize --base FILE|DIR --patches DIR [--bindings FILE] [--namespace NS]
 *  [--registry HOST] --out DIR|-`
 *
 * The server's materialization engine for CI pipelines, reviews and benchmarks. Base: YAML files
 * (multi-document). Patches: one file each, applied in file-name order (versions 1, 2, ...), as
 * `patches/apply` takes them (YAML with `# target:`, or the JSON-patch envelope). Bindings: JSON
 * `{"label": ["object", ...]}` (kind labels are implicit). `--out -` writes one YAML stream; `--out DIR`
 * one file per object, named by its key with `/` as `_` (`deployment.apps_frontend.yaml`).
 * Exit codes: 0 done, 1 a patch or input failed, 2 bad usage.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { assertNoDuplicates, identify, parseManifestObjects } from "./base-objects";
import { isMaterializeError } from "./errors";
import { materialize, type BaseObject, type PatchRecord } from "./materialize";
import { parsePatchText } from "./patch-text";
import type { LabelBindings } from "./targets";
import { toYaml } from "./yaml-write";

const USAGE = `usage: dm materialize --base FILE|DIR --patches DIR [--bindings FILE]
                      [--namespace NS] [--registry HOST] --out DIR|-`;

class UsageError extends Error {}

interface Args {
  base: string;
  patches?: string;
  bindings?: string;
  namespace?: string;
  registry?: string;
  out: string;
}

function parseArgs(argv: string[]): Args {
  const [command, ...rest] = argv;
  if (command !== "materialize") throw new UsageError(command === undefined ? "no command" : `unknown command ${command}`);
  const values: Record<string, string> = {};
  const known = new Set(["base", "patches", "bindings", "namespace", "registry", "out"]);
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i] as string;
    const eq = flag.indexOf("=");
    const name = flag.startsWith("--") ? flag.slice(2, eq === -1 ? undefined : eq) : "";
    if (!known.has(name)) throw new UsageError(`unknown argument ${flag}`);
    const value = eq === -1 ? rest[++i] : flag.slice(eq + 1);
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    values[name] = value;
  }
  if (values.base === undefined) throw new UsageError("--base is required");
  if (values.out === undefined) throw new UsageError("--out is required");
  return { ...values, base: values.base, out: values.out };
}

const YAML_FILE = /\.ya?ml$/i;
const PATCH_FILE = /\.(ya?ml|json)$/i;

function filesOf(path: string, pattern: RegExp): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .filter((f) => pattern.test(f))
    .sort()
    .map((f) => join(path, f));
}

function readBase(path: string): BaseObject[] {
  const objects = identify(filesOf(path, YAML_FILE).flatMap((file) => parseManifestObjects(readFileSync(file, "utf8"), undefined, file)));
  assertNoDuplicates(objects);
  return objects;
}

function readPatches(dir: string): PatchRecord[] {
  return filesOf(dir, PATCH_FILE).map((file, i) => {
    let patch;
    try {
      patch = parsePatchText(readFileSync(file, "utf8"));
    } catch (err) {
      throw isMaterializeError(err) ? new Error(`${file}: ${err.message}`) : err;
    }
    if (patch.target === undefined) throw new Error(`${file}: no target (add a '# target: NAME' line or a "target" field)`);
    return { version: i + 1, target: patch.target, patch };
  });
}

function readBindings(file: string): LabelBindings {
  const value: unknown = JSON.parse(readFileSync(file, "utf8"));
  const ok =
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((names) => Array.isArray(names) && names.every((n) => typeof n === "string"));
  if (!ok) throw new Error(`${file}: bindings must be a JSON object {"label": ["object", ...]}`);
  return value as LabelBindings;
}

export function main(argv: string[]): number {
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`dm: ${err.message}\n${USAGE}\n`);
    return 2;
  }
  try {
    const result = materialize(
      {
        objects: readBase(args.base),
        patches: args.patches === undefined ? [] : readPatches(args.patches),
        bindings: args.bindings === undefined ? {} : readBindings(args.bindings),
        transforms: { namespace: args.namespace, registry: args.registry },
      },
      { provenance: false, yaml: false },
    );
    const failures = result.objects.flatMap((o) =>
      o.patches.flatMap((p) => (p.status === "failed" ? [`${o.key}: patch ${p.version} (${p.target}): ${p.reason}`] : [])),
    );
    if (failures.length > 0) {
      process.stderr.write(`dm: ${failures.join("\ndm: ")}\n`);
      return 1;
    }
    for (const p of result.unmatched) process.stderr.write(`dm: warning: patch ${p.version}: ${p.status === "skipped" ? p.reason : ""}\n`);
    if (args.out === "-") {
      const chunks = result.objects.map((o) => `---\n${toYaml(o.object)}`);
      process.stdout.write(chunks.join(""));
    } else {
      mkdirSync(args.out, { recursive: true });
      for (const o of result.objects) writeFileSync(join(args.out, `${o.key.replaceAll("/", "_")}.yaml`), toYaml(o.object));
    }
    return 0;
  } catch (err) {
    process.stderr.write(`dm: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}
