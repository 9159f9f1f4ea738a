import { z } from "zod";
import { flag } from "./common";

// POST /database/setup and /database/mock_ddl
export const databaseSetupSchema = z
  .strictObject(
    {
      create_admin_account: flag,
      admin_email: z.email({ error: "must be a valid email address" }).max(254).optional(),
      admin_username: z
        .string()
        .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, "must be 1-64 letters, digits, '.', '_' or '-'")
        .default("admin"),
      enable_control_plane: flag.default(false),
      enable_key_service: flag.default(false),
      enable_ml_studio: flag.default(false),
      enable_model_registry_pv: flag.default(false),
      enable_repo_projects: flag.default(false),
      /** Legacy flag from older installer scripts: the ML studio and model registry modules. */
      enable_models: flag.default(false),
    },
    { error: (issue) => (issue.code === "unrecognized_keys" ? `unknown parameter(s) ${issue.keys.join(", ")}` : undefined) },
  )
  .superRefine((value, ctx) => {
    if (value.create_admin_account && !value.admin_email) {
      ctx.addIssue({ code: "custom", path: ["admin_email"], message: "is required when create_admin_account is true" });
    }
  });

export type DatabaseSetupInput = z.output<typeof databaseSetupSchema>;
