import type { ArchiveLimits } from "../archive";

/**
 * Every export can be imported: before a bundle is zipped its files are fitted to the import's
 * limits (entries, bytes per file, bytes in total). What is cut is the OLDEST part — log lines
 * from the start, the first entries of a JSON series — and each cut is noted in the manifest.
 * When the total is over, the biggest files are cut to one common size (the smaller ones stay
 * whole). `reserveBytes` is kept free for manifest.json.
 */

export type FittableFile = { path: string; text: string; lines?: number };

const bytesOf = (text: string) => Buffer.byteLength(text, "utf8");

export function fitToLimits<F extends FittableFile>(files: readonly F[], limits: ArchiveLimits, reserveBytes: number, notes: string[]): F[] {
  let fitted = files.slice(0, Math.max(0, limits.maxEntries - 1));
  if (fitted.length < files.length) {
    notes.push(`${files.length - fitted.length} file(s) left out: a bundle holds at most ${limits.maxEntries} entries (${files.slice(fitted.length, fitted.length + 3).map((f) => f.path).join(", ")}…)`);
  }
  const sizes = fitted.map((f) => bytesOf(f.text));
  const cap = Math.min(limits.maxEntryBytes, commonCap(sizes, limits.maxTotalBytes - reserveBytes));
  fitted = fitted.flatMap((f, i) => (sizes[i]! > cap ? (fitFile(f, cap, notes) ?? []) : [f]));
  return fitted;
}

/** The largest size c with Σ min(size, c) ≤ budget (Infinity when everything fits). */
export function commonCap(sizes: readonly number[], budget: number): number {
  const sorted = [...sizes].sort((a, b) => a - b);
  let used = 0;
  for (const [i, size] of sorted.entries()) {
    const rest = sorted.length - i;
    if (used + size * rest > budget) return Math.max(0, Math.floor((budget - used) / rest));
    used += size;
  }
  return Infinity;
}

/** The file cut to at most `maxBytes` (its newest part), or null when nothing of it fits. */
function fitFile<F extends FittableFile>(file: F, maxBytes: number, notes: string[]): F | null {
  const before = bytesOf(file.text);
  const why = `the bundle's limits (${maxBytes} bytes for this file)`;
  if (file.path.endsWith(".log")) {
    const lines = file.text.split(/(?<=\n)/);
    const kept = keepNewest(lines, (part) => bytesOf(part.join("")) <= maxBytes);
    notes.push(`${file.path}: cut to its newest ${kept.length} of ${lines.length} lines (${before} bytes) by ${why}`);
    return { ...file, text: kept.join(""), lines: kept.length };
  }
  const value = JSON.parse(file.text) as unknown;
  const series: unknown = Array.isArray(value) ? value : (value as { results?: unknown })?.results;
  if (Array.isArray(series)) {
    const render = (part: readonly unknown[]) => JSON.stringify(Array.isArray(value) ? part : { ...(value as object), results: part }, null, 2);
    const kept = keepNewest(series, (part) => bytesOf(render(part)) <= maxBytes);
    if (bytesOf(render(kept)) <= maxBytes) {
      notes.push(`${file.path}: cut to its newest ${kept.length} of ${series.length} entries (${before} bytes) by ${why}`);
      return { ...file, text: render(kept) };
    }
  }
  notes.push(`${file.path}: left out, its ${before} bytes exceed ${why}`);
  return null;
}

/** The longest tail of `items` (oldest first) that `fits` accepts (binary search; fits is monotone). */
function keepNewest<T>(items: readonly T[], fits: (part: readonly T[]) => boolean): T[] {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fits(items.slice(items.length - mid))) low = mid;
    else high = mid - 1;
  }
  return items.slice(items.length - low);
}
