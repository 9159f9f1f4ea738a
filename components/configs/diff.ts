/**
 * Line diffs for the console's impact previews, and the grouping that collapses identical changes
 * across many objects into one diff shown "×N".
 *
 * Two objects carry "the same change" when the changed lines (removed and added, hunk by hunk)
 * are equal: their unchanged context may differ (other names, other images), the edit does not.
 * Example: a label patch that sets `LOG_LEVEL: debug` on 40 Deployments whose base configs all
 * differ gives one group of 40 — one diff to review instead of 40.
 */

export type DiffLine = { op: "same" | "del" | "add"; text: string };

/** Myers' O((N+M)·D) line diff: the shortest edit script from `before` to `after`. */
export function lineDiff(before: string, after: string): DiffLine[] {
  const a = splitLines(before);
  const b = splitLines(after);
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  // Walk the trace back from (n, m) to (0, 0).
  const out: DiffLine[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const vd = trace[d]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && vd[offset + k - 1]! < vd[offset + k + 1]!) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : vd[offset + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
      out.push({ op: "same", text: a[x]! });
    }
    if (d > 0) {
      if (x === prevX) out.push({ op: "add", text: b[--y]! });
      else out.push({ op: "del", text: a[--x]! });
    }
  }
  return out.reverse();
}

function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

export type DiffStats = { added: number; removed: number };

export function diffStats(lines: readonly DiffLine[]): DiffStats {
  let added = 0;
  let removed = 0;
  for (const l of lines) {
    if (l.op === "add") added++;
    else if (l.op === "del") removed++;
  }
  return { added, removed };
}

/** A YAML line without its indentation and list bullet: `- image: x` and `  image: x` hold the same value. */
function valueOf(text: string): string {
  return text.trim().replace(/^- /, "");
}

/**
 * The changed lines hunk by hunk, without context: equal for equal edits. Empty when nothing
 * changes. Within a hunk, a line removed and added again with only its indentation or list
 * bullet changed is context that moved (a key inserted before it in the same list item), not
 * part of the edit: `- image: web:1` → `- env: …` + `  image: web:1` is the same edit for every image.
 */
export function changeSignature(lines: readonly DiffLine[]): string {
  const hunks: string[] = [];
  let current: DiffLine[] = [];
  const flush = () => {
    if (current.length === 0) return;
    const added = new Map<string, number>();
    for (const l of current) if (l.op === "add") added.set(valueOf(l.text), (added.get(valueOf(l.text)) ?? 0) + 1);
    const moved = new Map<string, number>();
    for (const l of current) {
      const v = valueOf(l.text);
      if (l.op === "del" && (added.get(v) ?? 0) > (moved.get(v) ?? 0)) moved.set(v, (moved.get(v) ?? 0) + 1);
    }
    const skip = new Map(moved);
    const skipAdded = new Map(moved);
    const kept = current.filter((l) => {
      const v = valueOf(l.text);
      const pool = l.op === "del" ? skip : skipAdded;
      if ((pool.get(v) ?? 0) > 0) {
        pool.set(v, pool.get(v)! - 1);
        return false;
      }
      return true;
    });
    hunks.push(kept.map((l) => `${l.op === "add" ? "+" : "-"}${l.text}`).join("\n"));
    current = [];
  };
  for (const line of lines) {
    if (line.op === "same") flush();
    else current.push(line);
  }
  flush();
  return hunks.join("\n@@\n");
}

export type ImpactEntry = { objectName: string; kind: string; before: string; after: string };

export type ChangeGroup = {
  /** The change every object of the group gets ("" for objects the change leaves as they are). */
  signature: string;
  /** Objects with this change, by name; the first one is the group's sample. */
  objects: ImpactEntry[];
  stats: DiffStats;
};

/**
 * Groups entries with identical changes, largest group first (unchanged objects last), each
 * group's objects sorted by name; order is stable for equal sizes (by the first object's name).
 */
export function groupChanges(entries: readonly ImpactEntry[]): ChangeGroup[] {
  const groups = new Map<string, ChangeGroup>();
  for (const entry of entries) {
    const lines = lineDiff(entry.before, entry.after);
    const signature = changeSignature(lines);
    const group = groups.get(signature);
    if (group) group.objects.push(entry);
    else groups.set(signature, { signature, objects: [entry], stats: diffStats(lines) });
  }
  for (const g of groups.values()) g.objects.sort((a, b) => a.objectName.localeCompare(b.objectName));
  return [...groups.values()].sort((a, b) => {
    if ((a.signature === "") !== (b.signature === "")) return a.signature === "" ? 1 : -1;
    return b.objects.length - a.objects.length || a.objects[0]!.objectName.localeCompare(b.objects[0]!.objectName);
  });
}

/** Counts per kind, kinds sorted by name: the impact list's headings. */
export function countByKind<T extends { kind: string }>(items: readonly T[]): { kind: string; items: T[] }[] {
  const byKind = new Map<string, T[]>();
  for (const item of items) (byKind.get(item.kind) ?? byKind.set(item.kind, []).get(item.kind)!).push(item);
  return [...byKind].sort(([a], [b]) => a.localeCompare(b)).map(([kind, list]) => ({ kind, items: list }));
}
