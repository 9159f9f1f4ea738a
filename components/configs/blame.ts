import type { ProvenanceLine } from "./types";

/** Blame for the config view: a short gutter tag per line, and the sources with the lines they set. */

export function sourceKey(line: ProvenanceLine): string {
  if (line.source === "patch") return `patch:${line.patchVersion}`;
  if (line.source === "transform") return `transform:${line.transform ?? ""}`;
  return `base:${line.releaseVersion ?? ""}`;
}

export function gutterTag(line: ProvenanceLine | undefined): string {
  if (!line) return "";
  if (line.source === "patch") return `p ${line.patchVersion}`;
  if (line.source === "transform") return `⚙ ${line.transform ?? "transform"}`;
  return `base ${line.releaseVersion ?? ""}`.trim();
}

export function describeSource(line: ProvenanceLine): string {
  if (line.source === "patch") return `Patch ${line.patchVersion}${line.description ? ` — ${line.description}` : ""}`;
  if (line.source === "transform") return `Transform: ${line.transform ?? "global transform"}`;
  return `Base config, release ${line.releaseVersion ?? "?"}`;
}

export type BlameSource = { key: string; label: string; source: ProvenanceLine["source"]; lines: number[]; ranges: string };

/** Line numbers as ranges: [1,2,3,7,9,10] → "1-3, 7, 9-10". */
export function lineRanges(lines: readonly number[]): string {
  const out: string[] = [];
  for (let i = 0; i < lines.length; ) {
    let j = i;
    while (j + 1 < lines.length && lines[j + 1] === lines[j]! + 1) j++;
    out.push(i === j ? `${lines[i]}` : `${lines[i]}-${lines[j]}`);
    i = j + 1;
  }
  return out.join(", ");
}

/** Every source that set lines of the config, patches newest first, then transforms, then the base. */
export function blameSources(lines: readonly ProvenanceLine[]): BlameSource[] {
  const byKey = new Map<string, BlameSource>();
  for (const line of lines) {
    const key = sourceKey(line);
    const entry = byKey.get(key) ?? byKey.set(key, { key, label: describeSource(line), source: line.source, lines: [], ranges: "" }).get(key)!;
    entry.lines.push(line.line);
  }
  const rank = { patch: 0, transform: 1, base: 2 } as const;
  const version = (s: BlameSource) => Number(s.key.split(":")[1]) || 0;
  return [...byKey.values()]
    .map((s) => ({ ...s, ranges: lineRanges(s.lines) }))
    .sort((a, b) => rank[a.source] - rank[b.source] || version(b) - version(a) || a.key.localeCompare(b.key));
}
