import { type BaseObject, provenanceByLine } from "@/lib/materialize";
import { listPatches } from "@/lib/store/patches";
import { redactedMarker } from "../redact";
import { computeMaterialized } from "./rematerialize";
import { displayName, loadStoreView, resolveObjectOrThrow } from "./state";

/**
 * `configs/OBJECT/provenance` (the console's blame view): every line of the object's current
 * materialized config with what set it: its base release, a patch (version and description) or a
 * transform. Secret values are redacted whole: the first line of a value shows its key and the
 * marker, the further lines of a multi-line value show only that they continue it.
 */

export type ProvenanceLine = {
  line: number;
  text: string;
  path: string;
  structural: boolean;
  source: "base" | "patch" | "transform";
  releaseVersion?: string;
  patchVersion?: number;
  description?: string;
  transform?: string;
};

function valueAt(object: BaseObject["object"], pointer: string): unknown {
  let cur: unknown = object;
  for (const part of pointer.split("/").slice(1)) {
    const key = part.replace(/~1/g, "/").replace(/~0/g, "~");
    cur = typeof cur === "object" && cur !== null ? (cur as Record<string, unknown>)[key] : undefined;
  }
  return cur;
}

/** The data key a pointer names, as YAML writes it (quoted unless plain). */
function secretKeyText(pointer: string): string {
  const key = pointer.split("/")[2]!.replace(/~1/g, "/").replace(/~0/g, "~");
  return /^[\w.-]+$/.test(key) ? key : JSON.stringify(key);
}

export async function configProvenance(ref: string) {
  const view = await loadStoreView();
  const key = resolveObjectOrThrow(view, ref, `No materialized config for object '${ref}'`);
  const [result] = await computeMaterialized(view, [key], undefined, { provenance: true });
  const patches = new Map((await listPatches()).map((p) => [Number(p.version), p.description]));
  const texts = result!.config.split("\n");
  const secret = result!.kind === "Secret";
  const keyLines = new Map<string, string>();
  const lines: ProvenanceLine[] = provenanceByLine(result!.config, result!.provenance ?? []).map((entry) => {
    let text = texts[entry.line - 1] ?? "";
    if (secret && !entry.structural && /^\/(data|stringData)\/./.test(entry.path)) {
      const indent = keyLines.get(entry.path);
      if (indent === undefined) {
        const value = valueAt(result!.object, entry.path);
        const own = text.match(/^\s*/)![0];
        keyLines.set(entry.path, own);
        text = `${own}${secretKeyText(entry.path)}: ${redactedMarker(typeof value === "string" ? value : JSON.stringify(value))}`;
      } else text = `${indent}  …`;
    }
    const base = { line: entry.line, text, path: entry.path, structural: entry.structural };
    if (entry.source === "base") return { ...base, source: "base", releaseVersion: result!.head.releaseVersion };
    if (entry.source === "patch") return { ...base, source: "patch", patchVersion: entry.version, description: patches.get(entry.version) ?? "" };
    return { ...base, source: "transform", transform: entry.transform };
  });
  // Patch version 0 = base only, as in the config views the blame is shown beside.
  return { objectName: displayName(view, key), releaseVersion: result!.head.releaseVersion, patchVersion: result!.patchVersion ?? 0, lines };
}
