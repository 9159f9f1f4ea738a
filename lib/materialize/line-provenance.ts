/**
 * Provenance by line, for the console's blame view: for every line of a materialized config
 * (the YAML text `materialize()` returns as `config`), the source that set what the line shows.
 *
 * - A line showing a value (`key: value`, `- value`, `- key: value`, a line of a `|` block,
 *   `key: []`, `key: {}`) takes the source of that leaf; the item lines of a list of scalars
 *   (one leaf in provenance) take the list's source.
 * - A structural line, `key:` with its map or list value on the lines below, takes the newest
 *   source among the leaves under it and is flagged `structural: true`, so the view can dim it.
 *   Newest: the base, then patches by version, then transforms (they are applied last).
 *
 *     config                          source
 *     spec:                           patch 3   (structural: newest below)
 *       replicas: 3                   patch 3
 *       template:                     patch 2   (structural)
 *         spec:                       patch 2   (structural)
 *           containers:               patch 2   (structural)
 *           - image: app:2            patch 2
 *             name: app               base
 */
import { MaterializeError } from "./errors";
import type { ProvenanceEntry, ProvenanceSource } from "./provenance";
import { parseDocument } from "./yaml-documents";
import { yamlLines } from "./yaml-write";

/** One line of a config (1-based `line`), the JSON pointer of the node it shows, and its source. */
export type LineProvenance = { line: number; path: string; structural: boolean } & ProvenanceSource;

const BASE: ProvenanceSource = { source: "base" };

function rank(s: ProvenanceSource): number {
  if (s.source === "base") return 0;
  return s.source === "patch" ? 1 + s.version : Number.MAX_SAFE_INTEGER;
}

function sourceOf(entry: ProvenanceEntry): ProvenanceSource {
  const { path: _path, ...source } = entry;
  return source as ProvenanceSource;
}

/**
 * The source of every line of `config` (a text `toYaml` wrote, as `materialize()` returns it),
 * from the object's leaf provenance (`MaterializedObject.provenance`).
 */
export function provenanceByLine(config: string, entries: readonly ProvenanceEntry[]): LineProvenance[] {
  const { text, lines } = yamlLines(parseDocument(config));
  if (text !== config) {
    throw new MaterializeError("invalid_document", "provenance by line needs the config text exactly as materialize() wrote it");
  }
  const leaves = new Map<string, ProvenanceSource>();
  const newestBelow = new Map<string, ProvenanceSource>();
  for (const entry of entries) {
    const source = sourceOf(entry);
    leaves.set(entry.path, source);
    for (let cut = entry.path.lastIndexOf("/"); cut >= 0; cut = entry.path.lastIndexOf("/", cut - 1)) {
      const prefix = entry.path.slice(0, cut);
      const known = newestBelow.get(prefix);
      if (known === undefined || rank(source) > rank(known)) newestBelow.set(prefix, source);
      if (cut === 0) break;
    }
  }
  return lines.map(({ path, opens }, i) => ({
    line: i + 1,
    path,
    structural: opens,
    ...(leaves.get(path) ?? leafAbove(path, leaves) ?? newestBelow.get(path) ?? BASE),
  }));
}

/** The source of the nearest enclosing leaf (a list of scalars holds its items). */
function leafAbove(path: string, leaves: Map<string, ProvenanceSource>): ProvenanceSource | undefined {
  for (let cut = path.lastIndexOf("/"); cut > 0; cut = path.lastIndexOf("/", cut - 1)) {
    const source = leaves.get(path.slice(0, cut));
    if (source !== undefined) return source;
  }
  return undefined;
}
