import { listPatches } from "@/lib/store/patches";
import { cachedRead } from "./read-cache";
import { isTransform, keyOrReference, loadStoreView } from "./state";
import { type PatchView, patchViews, reachOf } from "./views";

/**
 * `GET patches`: every live patch in version order, as the response's JSON as UTF-8 bytes (the envelope
 * `{statusCode, data: {patches}, error}`), cached while the store does not change.
 */
export function patchListJson(): Promise<Uint8Array<ArrayBuffer>> {
  return cachedRead("patch-list-json", async () => {
    const patches = await patchViews(await listPatches());
    return new TextEncoder().encode(JSON.stringify({ statusCode: 200, data: { patches }, error: null }));
  });
}

/**
 * The patches that reach an object (by its name or one of its labels, kind permitting); for a
 * name that is not an object, the patches aimed at it (a label, or a target still waiting).
 */
export async function patchesFor(ref: string): Promise<PatchView[]> {
  const [view, all] = await Promise.all([loadStoreView(), listPatches()]);
  const key = keyOrReference(view, ref);
  const rows = view.objects.has(key)
    ? all.filter((row) => !isTransform(row) && reachOf(view, row).includes(key))
    : all.filter((row) => row.target === ref);
  return patchViews(rows, all);
}

/**
 * `patches/search`: patches whose body, description or target contain the query. Secret patches
 * are searched in their redacted form, so a search cannot probe for secret values.
 */
export async function searchPatches(query: string, caseSensitive: boolean, limit: number): Promise<PatchView[]> {
  const all = await listPatches();
  const views = await patchViews(all);
  const needle = caseSensitive ? query : query.toLowerCase();
  const fold = (s: string) => (caseSensitive ? s : s.toLowerCase());
  return views.filter((p) => [p.patch, p.description, p.target].some((field) => fold(field).includes(needle))).slice(0, limit);
}

