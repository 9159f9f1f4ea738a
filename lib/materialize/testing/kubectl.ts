/** Runs `kubectl patch --local` (the strategic merge oracle; the merge patch one for custom resources) on many cases at once. */
import { execFile, execFileSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cpus } from "node:os";
import jsYaml from "js-yaml";

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

/** Patches each base with its patch through kubectl (`--type strategic` unless told), a few processes at a time. */
export async function kubectlStrategicMerge(pairs: { base: unknown; patch: unknown }[], type: "strategic" | "merge" = "strategic"): Promise<OracleResult[]> {
  const dir = await mkdtemp(join(tmpdir(), "dm-kubectl-"));
  try {
    const results: OracleResult[] = new Array(pairs.length);
    let next = 0;
    const worker = async () => {
      while (next < pairs.length) {
        const i = next++;
        const pair = pairs[i] as { base: unknown; patch: unknown };
        const basePath = join(dir, `${i}-base.yaml`);
        const patchPath = join(dir, `${i}-patch.yaml`);
        await writeFile(basePath, jsYaml.dump(pair.base));
        await writeFile(patchPath, jsYaml.dump(pair.patch));
        results[i] = await run([
          "patch",
          "--local",
          "-f",
          basePath,
          "--type",
          type,
          "--patch-file",
          patchPath,
          "-o",
          "yaml",
        ]);
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
      else resolve({ ok: true, object: jsYaml.load(stdout) });
    });
  });
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
      const o = jsYaml.load(d) as { kind?: string; metadata?: { name?: string; namespace?: string } };
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
      await writeFile(current, JSON.stringify(result.object));
    }
    return result;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
