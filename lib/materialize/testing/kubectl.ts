/**
 * kubectl as the oracle: `kubectl patch --local` (strategic merge) on many cases at once, and
 * what kubectl reads from a manifest (its YAML 1.1 scalars, through sigs.k8s.io/yaml).
 */
import { execFile, execFileSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cpus } from "node:os";
import { parseDocument } from "../yaml-documents";
import { toJson } from "../json-write";
import { toYaml } from "../yaml-write";

export const KUBECTL = process.env.KUBECTL ?? "kubectl";

export function kubectlAvailable(): boolean {
  try {
    execFileSync(KUBECTL, ["version", "--client"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

export type OracleResult = { ok: true; object: unknown } | { ok: false; error: string };

/**
 * Patches each base with its patch through kubectl (`--type strategic` unless told; `merge` for
 * custom resources), a few processes at a time (written by toYaml, which quotes every string kubectl would type).
 */
export function kubectlStrategicMerge(pairs: { base: unknown; patch: unknown }[], type: "strategic" | "merge" = "strategic"): Promise<OracleResult[]> {
  return kubectlPatchTexts(pairs.map((p) => ({ base: toYaml(p.base), patch: toYaml(p.patch) })), type);
}

/** Patches each base text with its patch text, both as written (`-o json`, read exactly). */
export function kubectlPatchTexts(pairs: { base: string; patch: string }[], type: "strategic" | "merge" = "strategic"): Promise<OracleResult[]> {
  return inParallel(pairs, async (pair, dir, i) => {
    const basePath = join(dir, `${i}-base.yaml`);
    const patchPath = join(dir, `${i}-patch.yaml`);
    await writeFile(basePath, pair.base);
    await writeFile(patchPath, pair.patch);
    return run(["patch", "--local", "-f", basePath, "--type", type, "--patch-file", patchPath, "-o", "json"]);
  });
}

/**
 * The object kubectl reads from each manifest text: `kubectl patch --local` with an empty merge
 * patch, which reads the file as `kubectl apply` and `kubectl create` do, without a cluster.
 */
export function kubectlRead(texts: string[]): Promise<OracleResult[]> {
  return inParallel(texts, async (text, dir, i) => {
    const path = join(dir, `${i}.yaml`);
    await writeFile(path, text);
    return run(["patch", "--local", "-f", path, "--type", "merge", "-p", "{}", "-o", "json"]);
  });
}

/** Runs `task` on every item, a few kubectl processes at a time, in a temporary directory. */
async function inParallel<T>(items: T[], task: (item: T, dir: string, i: number) => Promise<OracleResult>): Promise<OracleResult[]> {
  const dir = await mkdtemp(join(tmpdir(), "dm-kubectl-"));
  try {
    const results: OracleResult[] = new Array(items.length);
    let next = 0;
    const worker = async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await task(items[i] as T, dir, i);
      }
    };
    await Promise.all(Array.from({ length: Math.max(2, cpus().length * 2) }, worker));
    return results;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function run(args: string[]): Promise<OracleResult> {
  return new Promise((resolve) => {
    execFile(KUBECTL, args, { maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) resolve({ ok: false, error: (stderr || err.message).trim() });
      else resolve({ ok: true, object: parseJsonExact(stdout) });
    });
  });
}

const INTEGER = /^-?[0-9]+$/;

/**
 * JSON.parse, with integers beyond 2^53 as bigints (as this library's readers keep them; kubectl
 * prints int64 values exactly). Numbers are found outside strings, so no string is touched.
 */
export function parseJsonExact(text: string): unknown {
  let out = "";
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '"') {
      for (i++; text[i] !== '"'; i++) if (text[i] === "\\") i++;
    } else if (c === "-" || (c >= "0" && c <= "9")) {
      let end = i + 1;
      while (end < text.length && /[0-9.eE+-]/.test(text[end] as string)) end++;
      const number = text.slice(i, end);
      if (INTEGER.test(number) && !Number.isSafeInteger(Number(number))) {
        out += `${text.slice(from, i)}{"$bigint":"${number}"}`;
        from = end;
      }
      i = end - 1;
    }
  }
  out += text.slice(from);
  return JSON.parse(out, (_key, value: unknown) =>
    typeof value === "object" && value !== null && typeof (value as { $bigint?: unknown }).$bigint === "string" ? BigInt((value as { $bigint: string }).$bigint) : value,
  ) as unknown;
}

/**
 * What kubectl makes of a manifest text and a chain of patches: the text is read by kubectl itself
 * (`kubectl patch --local -f`), then each patch is applied to the previous result, in order.
 * `object` is the document to pick out of the text (its kind and metadata.name).
 */
export async function kubectlPatchChain(
  text: string,
  pick: { kind: string; name: string; namespace?: string },
  patches: readonly { type: "strategic" | "json" | "merge"; patch: unknown }[],
): Promise<OracleResult> {
  const dir = await mkdtemp(join(tmpdir(), "dm-kubectl-chain-"));
  try {
    const docs = text.split(/^---$/m).filter((d) => d.trim() !== "");
    const doc = docs.find((d) => {
      const o = parseDocument(d) as { kind?: string; metadata?: { name?: string; namespace?: string } };
      return o?.kind === pick.kind && o.metadata?.name === pick.name && (pick.namespace === undefined || o.metadata?.namespace === pick.namespace);
    });
    if (doc === undefined) return { ok: false, error: `no ${pick.kind} ${pick.name} in the text` };
    let current = join(dir, "0.yaml");
    await writeFile(current, doc);
    // With no patch, kubectl still reads the text: an empty merge patch prints the object as read.
    const steps = patches.length > 0 ? patches : [{ type: "merge" as const, patch: {} }];
    let result: OracleResult = { ok: false, error: "no step ran" };
    for (const [i, step] of steps.entries()) {
      const patchPath = join(dir, `${i}-patch.json`);
      await writeFile(patchPath, JSON.stringify(step.patch));
      result = await run(["patch", "--local", "-f", current, "--type", step.type, "--patch-file", patchPath, "-o", "json"]);
      if (!result.ok) return result;
      current = join(dir, `${i + 1}.json`);
      await writeFile(current, toJson(result.object));
    }
    return result;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
