import type { RequestBody, UploadedFile } from "./body";
import { badRequest } from "./errors";

/** The one file of a multipart field (refuses several). */
export function singleFile(body: RequestBody, field: string): UploadedFile | undefined {
  if (body.kind !== "form") return undefined;
  const files = body.files.filter((f) => f.field === field);
  if (files.length > 1) throw badRequest(`Send one '${field}' per request`);
  return files[0];
}
