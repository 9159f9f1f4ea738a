/**
 * Release versions compare numerically part by part: 23.07.10 > 23.07.9 > 23.07. Parts that are
 * not numbers compare as text; a version that is a prefix of another is older.
 */
export function compareReleaseVersions(a: string, b: string): number {
  const pa = a.split(/[.\-_]/);
  const pb = b.split(/[.\-_]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const nx = /^\d+$/.test(x) ? Number(x) : NaN;
    const ny = /^\d+$/.test(y) ? Number(y) : NaN;
    const order = Number.isNaN(nx) || Number.isNaN(ny) ? x.localeCompare(y) : nx - ny;
    if (order !== 0) return Math.sign(order);
  }
  return 0;
}

export function newestRelease(versions: string[]): string | null {
  return versions.reduce<string | null>(
    (best, v) => (best === null || compareReleaseVersions(v, best) > 0 ? v : best),
    null,
  );
}
