import { badRequest } from "@/lib/api/errors";
import { withHandler } from "@/lib/api/handler";
import { creatorName } from "@/lib/api/principal";
import { applyResponse, envelope } from "@/lib/api/responses";
import { patchApplySchema } from "@/lib/api/schemas/config-store";
import { singleFile } from "@/lib/api/uploads";
import { archiveKind, readArchive } from "@/lib/services/archive";
import { type PatchInput, applyPatches, dryRunPatches } from "@/lib/services/configs/apply-patches";

const PATCH_FILES = [".yml", ".yaml", ".json"];

// POST /patches/apply – apply patches (text or files; dry_run previews without writing)
export const POST = withHandler(async ({ body, input, principal }) => {
  const { patch, description, dry_run } = await input(patchApplySchema);
  const file = singleFile(await body(), "file");
  const inputs: PatchInput[] = [];
  if (patch !== undefined) inputs.push({ text: patch, source: "patch" });
  if (file) {
    const kind = archiveKind(file.filename);
    if (kind) {
      const files = await readArchive(kind, file.data, PATCH_FILES);
      if (files.length === 0) throw badRequest(`'${file.filename}' holds no .yml, .yaml or .json patches`);
      inputs.push(...files.map((f) => ({ text: f.text, source: f.name })));
    } else if (PATCH_FILES.some((ext) => file.filename.toLowerCase().endsWith(ext))) {
      inputs.push({ text: file.data.toString("utf8"), source: file.filename });
    } else {
      throw badRequest(`'${file.filename}' is not a .yml, .yaml, .json, .zip or .tar.gz file`);
    }
  }
  if (dry_run) return envelope({ dryRuns: await dryRunPatches(inputs) });
  return applyResponse(await applyPatches(inputs, { description, createdBy: creatorName(principal) }));
});
