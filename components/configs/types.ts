/** Shapes of the config store API as the console reads them (see app/api/v1/control_plane). */

export type Envelope<T> = { statusCode: number; data: T; error: string | null };

// The same types the server builds these answers with (type-only: nothing server-side is bundled).
import type { ConsoleLabel, ConsoleObject } from "@/lib/services/configs/console-queries";
import type { PatchView } from "@/lib/services/configs/views";
import type { Inconsistencies as Drift } from "@/lib/services/cluster/drift";
export type { ConsoleLabel, ConsoleObject, Drift, PatchView };
export type ConsoleObjects = { newestRelease: string | null; objects: ConsoleObject[]; labels: ConsoleLabel[] };

export type ConfigView = {
  objectName: string;
  releaseVersion: string;
  patchVersion: number;
  previousReleaseVersion: string;
  previousPatchVersion: number;
  state: "IS_GOLDEN" | "NOT_GOLDEN";
  config: string;
  metadata: string;
  timestampMS: number;
};

export type ProvenanceLine = {
  line: number;
  text: string;
  source: "base" | "patch" | "transform";
  releaseVersion?: string;
  patchVersion?: number;
  description?: string;
  transform?: string;
};
export type Provenance = { objectName: string; releaseVersion: string; patchVersion: number; lines: ProvenanceLine[] };

export type PatchMetadata = { type?: string; isEncrypted?: boolean; format?: string; createdBy?: string };

export function patchMetadata(p: Pick<PatchView, "metadata">): PatchMetadata {
  try {
    return JSON.parse(p.metadata) as PatchMetadata;
  } catch {
    return {};
  }
}

export type DryRunEntry =
  | { message: null; dryRun: { objectName: string; releaseVersion: string; config: string; metadata: string; timestampMS: number } }
  | { message: string; dryRun: null };

export type BaseConfigRow = { object_name: string; version: string; previous_version: string; state: "ACTIVE" | "INACTIVE"; config: string; metadata: string };

export type Upgrade = { version: string; creators: string[]; lastUpdatedTimestampMS: number; createdAtTimestampMS: number };

/** The answer of every write that pushes to the cluster (200 or 500 with the same shape). */
export type ApplyOutcome = { successful_apply: string[]; failed_to_apply?: string[] | Record<string, string>; error?: string | null };

export type ImpactEntry = { objectName: string; kind: string; before: string; after: string };
export type DeleteImpact = { version: number; target: string; entries: ImpactEntry[] };

