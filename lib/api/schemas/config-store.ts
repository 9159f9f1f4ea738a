import { z } from "zod";
import { RELEASE_VERSION } from "@/lib/services/configs/base-configs";
import { referenceProblem } from "@/lib/materialize";
import { flag } from "./common";

/** An object reference: a bare name where unique, else `KIND[.GROUP]/NAME` or `NAMESPACE/KIND[.GROUP]/NAME`. */
const objectName = z.string().superRefine((ref, ctx) => {
  const problem = referenceProblem(ref);
  if (problem) ctx.addIssue({ code: "custom", message: `'${ref}' ${problem}` });
});

export const releaseVersion = z
  .string({ error: "is required" })
  .max(64)
  .regex(RELEASE_VERSION, "must be a release version such as 23.07.1");

// POST base_configs and base_configs/upload (the file, if any, comes separately)
export const baseConfigUploadSchema = z.object({
  release_version: releaseVersion,
  base_config: z.string().optional(),
});

// GET base_configs
export const baseConfigFilterSchema = z.object({
  version: z.string().max(64).optional(),
  object: z.string().max(512).optional(),
});

// POST base_configs/image
export const imageUpdateSchema = z.object({
  image: z
    .string({ error: "is required" })
    .min(1)
    .max(512)
    .regex(/^[a-z0-9][a-z0-9._\-/:@]*$/i, "must be an image reference such as gcr.io/project/image:tag"),
  object: objectName,
  comment: z.string({ error: "is required" }).regex(/^[A-Za-z0-9_-]{1,40}$/, "must be 1-40 characters of A-Z a-z 0-9 _ -"),
  container: z
    .string()
    .max(63)
    .optional()
    .transform((v) => (v === "" ? undefined : v)),
});

const pageNumber = (fallback: number, max: number) =>
  z.coerce.number({ error: "must be a number" }).int().min(0).max(max).default(fallback);

// GET base_configs/history
export const historyQuerySchema = z.object({ limit: pageNumber(100, 10_000), offset: pageNumber(0, 1_000_000) });

// POST patches/apply (files come separately)
export const patchApplySchema = z.object({
  patch: z.string().optional(),
  description: z.string().max(2_000).default(""),
  dry_run: flag.default(false),
});

// GET patches/search
export const patchSearchSchema = z.object({
  query: z.string({ error: "is required" }).min(1, "is required").max(1_000),
  caseSensitive: flag,
  limit: z.coerce.number({ error: "is required" }).int().min(1).max(10_000),
});

export const patchVersionParam = z
  .string()
  .regex(/^\d{1,19}$/, "must be a patch version (a number)")
  .transform((v) => BigInt(v));

// POST patches/namespace
export const namespaceSchema = z.object({
  namespace: z.string({ error: "is required" }).regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, "must be a valid Kubernetes namespace name"),
  description: z.string().max(2_000).default(""),
});

// POST patches/registry
export const registrySchema = z.object({
  registry: z
    .string({ error: "is required" })
    .regex(/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d{1,5})?(\/[a-z0-9._-]+)*$/i, "must be a registry such as gcr.io/instabase-public"),
  description: z.string().max(2_000).default(""),
});

export const labelName = z.string().regex(/^[A-Za-z0-9]([A-Za-z0-9._-]{0,251}[A-Za-z0-9])?$/, "must be a label name (letters, digits, '.', '_', '-')");

/** A form key that may repeat: one value or several. */
const repeated = (key: string, item: z.ZodType<string, string>) =>
  z
    .union([z.string(), z.array(z.string())], { error: `is required (repeat '${key}' for several)` })
    .transform((v) => (Array.isArray(v) ? v : [v]))
    .pipe(z.array(item).min(1).max(1_000));

// POST resource_labels/binding
export const bindingSchema = z.object({ label: repeated("label", labelName), object_name: repeated("object_name", objectName) });

// DELETE resource_labels/binding/OBJECT_NAME?label=NAME (repeatable): the labels to unbind
export const unbindLabelsSchema = z.object({ label: z.array(labelName).min(1).max(1_000) });

// GET resource_labels/objects/LABEL
export const mustExistSchema = z.object({ must_exist: flag.default(false) });
