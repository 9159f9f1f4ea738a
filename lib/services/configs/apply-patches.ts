import { conflict, invalidInput } from "@/lib/services/errors";
import { MaterializeError, type ParsedPatch, type PatchRecord, affectedBy, ambiguityMessage, parsePatchText, referenceProblem } from "@/lib/materialize";
import { allocatePatchVersions, insertPatches } from "@/lib/store/patches";
import { withWriteLock } from "@/lib/store/tx";
import { sealFor } from "../crypto";
import { redactConfigText } from "../redact";
import { type PushResult, pushObjects } from "./push";
import { type Materialized, computeMaterialized, storeMaterialized } from "./rematerialize";
import { assertReadsNoSecretData, mayHoldSecret, targetKinds } from "./secret-patches";
import { type StoreView, displayName, loadStoreView, loadStoreViewForPatchWrite } from "./state";

const LABEL_NAME = /^[A-Za-z0-9]([A-Za-z0-9._-]{0,251}[A-Za-z0-9])?$/;

/** Why a target is malformed (undefined when it is a label name or an object reference, as identity.ts reads them). */
function targetProblem(target: string): string | undefined {
  return LABEL_NAME.test(target) ? undefined : referenceProblem(target);
}

/**
 * `patches/apply`: parse every patch, check it applies to every object it reaches (a failing JSON
 * patch op refuses the whole request, nothing stored), store the patches with fresh versions and
 * the new materialized configs in one transaction, then push the affected objects.
 */

export type PatchInput = { text: string; source: string };
/** `target` as written; `stored`: the key of the object it finds, else the target as written (a label, or waiting). */
type Parsed = { input: PatchInput; patch: ParsedPatch; target: string; stored: string };

/**
 * Parses the patch texts and resolves their targets: a reference to one object is stored as its
 * key (so a name that becomes ambiguous later leaves the patch where it was made); an ambiguous
 * one answers 409 with the candidates, and nothing is stored.
 */
export function parsePatchInputs(inputs: readonly PatchInput[], view: StoreView): Parsed[] {
  if (inputs.length === 0) throw invalidInput("No patch given: send 'patch' (text) or 'file'");
  return inputs.map((input) => {
    let patch: ParsedPatch;
    try {
      patch = parsePatchText(input.text);
    } catch (error) {
      if (error instanceof MaterializeError) throw invalidInput(`${input.source}: ${error.message}`);
      throw error;
    }
    const target = patch.target;
    if (!target) throw invalidInput(`${input.source}: the patch has no target: start it with '# target: NAME'`);
    const problem = targetProblem(target);
    if (problem) throw invalidInput(`${input.source}: '${target}' ${problem}`);
    const found = view.index.resolve(target);
    if (found.type === "ambiguous") throw conflict(`${input.source}: ${ambiguityMessage(target, found.candidates)}`);
    const stored = found.type === "object" ? found.objects[0]! : target;
    assertReadsNoSecretData(patch, targetKinds(view, stored), input.source);
    return { input, patch, target, stored };
  });
}

function records(parsed: readonly Parsed[], versions: readonly number[]): PatchRecord[] {
  return parsed.map((p, i) => ({ version: versions[i]!, target: p.stored, patch: p.patch }));
}

function affected(view: StoreView, parsed: readonly Parsed[]): string[] {
  const keys = new Set<string>();
  for (const p of parsed) for (const key of affectedBy({ target: p.stored, kind: p.patch.kind }, view.index)) keys.add(key);
  return [...keys];
}

/** A new patch that fails on an object it reaches refuses the request. */
function assertApplies(view: StoreView, results: readonly Materialized[], parsed: readonly Parsed[], versions: readonly number[]) {
  const sources = new Map(versions.map((v, i) => [v, parsed[i]!.input.source]));
  for (const result of results) {
    for (const outcome of result.patches) {
      if (outcome.status === "failed" && sources.has(outcome.version)) {
        throw invalidInput(`${sources.get(outcome.version)}: does not apply to ${displayName(view, result.key)}: ${outcome.reason}`);
      }
    }
  }
}

function patchKind(view: StoreView, p: Parsed, reached: readonly Materialized[]): string {
  return p.patch.kind ?? view.index.kindOf(p.stored) ?? reached[0]?.kind ?? "Unknown";
}

export type ApplyOptions = { description: string; createdBy: string };

/** Stores the patches and pushes what they change; `versions`: the stored patches' versions, in input order. */
export async function applyPatches(inputs: readonly PatchInput[], options: ApplyOptions): Promise<PushResult & { versions: bigint[] }> {
  const { names, versions } = await withWriteLock(async (tx) => {
    const view = await loadStoreViewForPatchWrite(tx);
    const parsed = parsePatchInputs(inputs, view);
    const versions = (await allocatePatchVersions(tx, parsed.length)).map(Number);
    const names = affected(view, parsed);
    const results = await computeMaterialized(view, names, tx, { patches: records(parsed, versions) });
    assertApplies(view, results, parsed, versions);
    await insertPatches(
      tx,
      parsed.map((p, i) => {
        const reached = results.filter((r) => r.patches.some((o) => o.version === versions[i] && o.status === "applied"));
        const kind = patchKind(view, p, reached);
        const secret = mayHoldSecret(p.patch, targetKinds(view, p.stored));
        const sealed = sealFor(secret ? "Secret" : kind, p.input.text);
        return {
          version: BigInt(versions[i]!),
          target: p.stored,
          format: p.patch.format,
          body: sealed.text,
          description: options.description,
          metadata: { type: kind, isEncrypted: sealed.isEncrypted, format: p.patch.format, createdBy: options.createdBy },
          createdBy: options.createdBy,
        };
      }),
    );
    await storeMaterialized(tx, results);
    return { names, versions };
  });
  return { ...(await pushObjects(names)), versions: versions.map(BigInt) };
}

export type DryRunEntry =
  | { message: null; dryRun: DryRunConfig }
  | { message: string; dryRun: null };

export type DryRunConfig = {
  objectName: string;
  releaseVersion: string;
  patchVersion: null;
  previousReleaseVersion: null;
  previousPatchVersion: null;
  state: null;
  config: string;
  metadata: string;
  timestampMS: number;
};

/** `dry_run`: the new materialized configs, without writing anything. */
export async function dryRunPatches(inputs: readonly PatchInput[]): Promise<DryRunEntry[]> {
  const view = await loadStoreView();
  const parsed = parsePatchInputs(inputs, view);
  const now = Date.now();
  const versions = parsed.map((_, i) => Number.MAX_SAFE_INTEGER - parsed.length + i);
  const results = await computeMaterialized(view, affected(view, parsed), undefined, { patches: records(parsed, versions) });
  assertApplies(view, results, parsed, versions);
  const entries: DryRunEntry[] = [];
  for (const p of parsed) {
    const resolution = view.index.resolve(p.stored);
    if (resolution.objects.length === 0) {
      entries.push({
        message: `Target '${p.target}' is a nonexistent object. If you apply a patch to this target there will be no configuration file associated with it until an object called '${p.target}' is created.`,
        dryRun: null,
      });
      continue;
    }
    for (const key of resolution.objects) {
      const kind = view.index.kindOf(key)!;
      const name = displayName(view, key);
      if (p.patch.kind !== undefined && p.patch.kind !== kind) {
        entries.push({ message: `Object '${name}' (${kind}) is skipped: the patch is for kind ${p.patch.kind}.`, dryRun: null });
        continue;
      }
      const result = results.find((r) => r.key === key)!;
      entries.push({
        message: null,
        dryRun: {
          objectName: name,
          releaseVersion: result.head.releaseVersion,
          patchVersion: null,
          previousReleaseVersion: null,
          previousPatchVersion: null,
          state: null,
          config: redactConfigText(kind, result.config),
          metadata: JSON.stringify({ type: kind, isEncrypted: kind === "Secret" }),
          timestampMS: now,
        },
      });
    }
  }
  return entries;
}

