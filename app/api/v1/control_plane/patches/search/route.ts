import { withHandler } from "@/lib/api/handler";
import { patchSearchSchema } from "@/lib/api/schemas/config-store";
import { searchPatches } from "@/lib/services/configs/patch-queries";

// GET /patches/search?query=&caseSensitive=&limit= – patches containing a phrase ('+' is a space)
export const GET = withHandler(async ({ query }) => {
  const { query: phrase, caseSensitive, limit } = await query(patchSearchSchema);
  const patches = await searchPatches(phrase, caseSensitive, limit);
  // The reference prints versions as strings here.
  return {
    patches: patches.map((p) => ({ ...p, version: String(p.version), nextVersion: p.nextVersion === null ? null : String(p.nextVersion) })),
  };
});
