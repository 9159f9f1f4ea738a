import { type ParsedPatch, podSpecOf } from "@/lib/materialize";
import { findBaseConfigs, listBaseConfigHeads, releaseUploads } from "@/lib/store/base-configs";
import { type MaterializedRow, goldenPatchVersions } from "@/lib/store/materialized";
import type { PatchRow } from "@/lib/store/patches";
import { getPrisma } from "@/lib/db";
import { decrypt, tryDecrypt } from "../crypto";
import { redactConfigText, redactedMarker } from "../redact";
import { compareReleaseVersions } from "../release-version";
import { currentBase } from "./base-configs";
import { mayHoldSecret, targetKinds } from "./secret-patches";
import { type StoreView, displayName, isTransform, keyOrReference, loadStoreView, resolveObjectOrThrow, toPatchRecord } from "./state";

/** Response shapes of the config store's read endpoints, exactly as the reference prints them. */

const sortReleases = (versions: Iterable<string>) => [...new Set(versions)].sort(compareReleaseVersions);

/** `object`: a reference (bare name where unique, else qualified); an object that is not stored lists nothing. */
export async function baseConfigList(filter: { version?: string; object?: string }) {
  const view = await loadStoreView();
  const key = filter.object === undefined ? undefined : keyOrReference(view, filter.object);
  const rows = await findBaseConfigs({ version: filter.version, object: key });
  const releasesByObject = new Map<string, string[]>();
  for (const head of await listBaseConfigHeads(undefined, key ? [key] : undefined)) {
    (releasesByObject.get(head.objectKey) ?? releasesByObject.set(head.objectKey, []).get(head.objectKey)!).push(head.releaseVersion);
  }
  return rows.map((row) => {
    const releases = sortReleases(releasesByObject.get(row.objectKey) ?? []);
    const previous = releases.filter((r) => compareReleaseVersions(r, row.releaseVersion) < 0).at(-1) ?? "";
    return {
      object_name: displayName(view, row.objectKey),
      kind: row.kind,
      namespace: row.namespace || null,
      version: row.releaseVersion,
      previous_version: previous,
      state: view.objects.get(row.objectKey)?.id === row.id ? "ACTIVE" : "INACTIVE",
      ...readableConfig(row.kind, row.config),
      metadata: JSON.stringify({ ...(row.metadata as object), revision: row.revision, ...(row.comment ? { comment: row.comment } : {}) }),
    };
  });
}

export async function baseConfigVersions() {
  const [heads, view] = await Promise.all([listBaseConfigHeads(), loadStoreView()]);
  const byObject = new Map<string, string[]>();
  for (const h of heads) (byObject.get(h.objectKey) ?? byObject.set(h.objectKey, []).get(h.objectKey)!).push(h.releaseVersion);
  return [...byObject]
    .map(([key, versions]) => ({ objectName: displayName(view, key), ...identityFields(view, key), Versions: sortReleases(versions) }))
    .sort((a, b) => a.objectName.localeCompare(b.objectName));
}

export async function objectVersions(ref: string): Promise<string[]> {
  const view = await loadStoreView();
  const heads = await listBaseConfigHeads(undefined, [resolveObjectOrThrow(view, ref)]);
  return sortReleases(heads.map((h) => h.releaseVersion));
}

export async function objectContainers(ref: string): Promise<string[]> {
  const { object } = await currentBase(ref);
  const pod = podSpecOf(object);
  const containers = pod && Array.isArray(pod.spec.containers) ? pod.spec.containers : [];
  return containers.map((c) => (typeof c === "object" && c !== null && "name" in c ? String(c.name) : "")).filter(Boolean);
}

/** Upgrades by release version: who uploaded (token owners), first and last upload time. */
export async function upgradeHistory(page: { limit: number; offset: number }) {
  const uploads = await releaseUploads();
  const prisma = await getPrisma();
  const tokens = await prisma.apiToken.findMany({
    where: { id: { in: uploads.map((u) => u.uploadedBy).filter((id): id is string => id !== null) } },
    select: { id: true, name: true, ownerEmail: true },
  });
  const creatorOf = new Map(tokens.map((t) => [t.id, t.ownerEmail ?? t.name]));
  const byRelease = new Map<string, { creators: Set<string>; first: number; last: number }>();
  for (const u of uploads) {
    const entry = byRelease.get(u.releaseVersion) ?? { creators: new Set<string>(), first: Infinity, last: 0 };
    if (u.uploadedBy) entry.creators.add(creatorOf.get(u.uploadedBy) ?? "unknown");
    entry.first = Math.min(entry.first, u.firstAt.getTime());
    entry.last = Math.max(entry.last, u.lastAt.getTime());
    byRelease.set(u.releaseVersion, entry);
  }
  return sortReleases(byRelease.keys())
    .slice(page.offset, page.offset + page.limit)
    .map((version) => {
      const e = byRelease.get(version)!;
      return { version, creators: [...e.creators].sort(), lastUpdatedTimestampMS: e.last, createdAtTimestampMS: e.first };
    });
}

/** Metadata as the reference prints it: `type` and `isEncrypted` first (JSONB does not keep key order). */
function metadataText(metadata: unknown): string {
  const { type, isEncrypted, format, createdBy, ...rest } = (metadata ?? {}) as Record<string, unknown>;
  return JSON.stringify({ type, isEncrypted, format, createdBy, ...rest });
}

/** A sealed patch body redacted as a Secret's (the `# target:` line kept). */
function redactedPatchBody(row: PatchRow, text: string): string {
  if (row.format === "JSON") return redactedMarker(text);
  const tag = text.match(/^\s*#\s*target:.*$/m)?.[0];
  return (tag ? `${tag.trim()}\n` : "") + redactConfigText("Secret", text);
}

export type PatchView = {
  version: number;
  nextVersion: number | null;
  target: string;
  state: "IS_GOLDEN" | "NOT_GOLDEN";
  patch: string;
  metadata: string;
  description: string;
};

/**
 * What a patch row shows, plain and redacted, and what it is for: computed once per patch version
 * (a patch's body and metadata never change), not on every read of the patch list. Which form a
 * view shows depends on what the target reaches now (shownPatchText).
 */
type ShownPatch = { body: string; plain: string; redacted: string | null; metadata: string; patch: ParsedPatch | undefined };
const shownPatches = new Map<bigint, ShownPatch>();
const SHOWN_PATCHES_MAX = 100_000;

function shownPatch(row: PatchRow): ShownPatch {
  const known = shownPatches.get(row.version);
  if (known && known.body === row.body) return known;
  if (shownPatches.size >= SHOWN_PATCHES_MAX) shownPatches.clear();
  const plain = decrypt(row.body);
  const shown: ShownPatch = {
    body: row.body,
    plain,
    redacted: (row.metadata as { isEncrypted?: boolean }).isEncrypted ? redactedPatchBody(row, plain) : null,
    metadata: metadataText(row.metadata),
    patch: isTransform(row) ? undefined : toPatchRecord(row).patch,
  };
  shownPatches.set(row.version, shown);
  return shown;
}

/** The keys of the objects a stored patch reaches now. */
export function reachOf(view: StoreView, row: PatchRow): string[] {
  if (isTransform(row)) return [...view.objects.keys()];
  const kind = shownPatch(row).patch?.kind;
  return view.index.resolve(row.target).objects.filter((n) => kind === undefined || view.index.kindOf(n) === kind);
}

/** A patch body as shown: a sealed patch is redacted while it may hold Secret values by its target's real kind (secret-patches.ts). */
function shownPatchText(view: StoreView, row: PatchRow): string {
  const { plain, redacted, patch } = shownPatch(row);
  if (redacted === null) return plain;
  return patch === undefined || mayHoldSecret(patch, targetKinds(view, row.target)) ? redacted : plain;
}

/**
 * `state` is IS_GOLDEN when every object the patch reaches has it in the cluster (its golden row
 * includes this patch version), NOT_GOLDEN otherwise. `nextVersion` is the next live patch on the
 * same target.
 */
export async function patchViews(rows: readonly PatchRow[], all: readonly PatchRow[] = rows): Promise<PatchView[]> {
  const [view, golden] = await Promise.all([loadStoreView(), goldenPatchVersions()]);
  const nextByVersion = new Map<bigint, bigint>();
  const lastByTarget = new Map<string, bigint>();
  for (const row of [...all].sort((a, b) => (a.version < b.version ? 1 : -1))) {
    const next = lastByTarget.get(row.target);
    if (next !== undefined) nextByVersion.set(row.version, next);
    lastByTarget.set(row.target, row.version);
  }
  return rows.map((row) => {
    const reached = reachOf(view, row);
    const isGolden = reached.length > 0 && reached.every((name) => (golden.get(name) ?? -1n) >= row.version);
    const next = nextByVersion.get(row.version);
    const shown = shownPatch(row);
    return {
      version: Number(row.version),
      nextVersion: next === undefined ? null : Number(next),
      target: view.objects.has(row.target) ? displayName(view, row.target) : row.target,
      state: isGolden ? "IS_GOLDEN" : "NOT_GOLDEN",
      patch: shownPatchText(view, row),
      metadata: shown.metadata,
      description: row.description,
    };
  });
}

/** What list endpoints add next to an object's name: its kind, and its own namespace (null when it has none). */
export function identityFields(view: StoreView, key: string): { kind: string | null; namespace: string | null } {
  const id = view.index.catalog.id(key);
  return { kind: id?.kind ?? null, namespace: id?.namespace ? id.namespace : null };
}

/** `config` redacted for display; a value no configured key opens is reported in `error` for its object alone, so the rest of a list is still served. */
function readableConfig(kind: string | undefined, stored: string): { config: string; error?: string } {
  const { text, error } = tryDecrypt(stored);
  return error ? { config: "", error } : { config: redactConfigText(kind, text) };
}

/** A materialized config as the reference prints it (Secret values redacted); `name`: how the object is shown. */
export function configView(row: MaterializedRow, name: string) {
  const meta = row.metadata as { type?: string };
  return {
    objectName: name,
    releaseVersion: row.releaseVersion,
    patchVersion: row.patchVersion === null ? 0 : Number(row.patchVersion),
    previousReleaseVersion: row.previousReleaseVersion ?? "",
    previousPatchVersion: row.previousPatchVersion === null ? 0 : Number(row.previousPatchVersion),
    state: row.state,
    ...readableConfig(meta.type, row.config),
    metadata: metadataText(row.metadata),
    timestampMS: Number(row.timestampMs),
  };
}
