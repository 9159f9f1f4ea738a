import type { DatabaseSetupInput } from "@/lib/api/schemas/database";

/**
 * The platform's own tables, per module, in the `ib_platform` schema (kept apart from the
 * Deployment Manager's tables in `public`). `database/mock_ddl` returns exactly what
 * `database/setup` runs.
 */

export const PLATFORM_SCHEMA = "ib_platform";
const s = PLATFORM_SCHEMA;

const core = [
  `CREATE SCHEMA IF NOT EXISTS ${s}`,
  `CREATE TABLE ${s}.organizations (
  id BIGSERIAL PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
)`,
  `CREATE TABLE ${s}.users (
  id BIGSERIAL PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  email TEXT UNIQUE,
  organization_id BIGINT REFERENCES ${s}.organizations (id),
  is_admin BOOLEAN NOT NULL DEFAULT false,
  is_active BOOLEAN NOT NULL DEFAULT true,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
)`,
  `CREATE TABLE ${s}.groups (
  id BIGSERIAL PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
)`,
  `CREATE TABLE ${s}.group_members (
  group_id BIGINT NOT NULL REFERENCES ${s}.groups (id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES ${s}.users (id) ON DELETE CASCADE,
  PRIMARY KEY (group_id, user_id)
)`,
  `CREATE TABLE ${s}.repos (
  id BIGSERIAL PRIMARY KEY,
  owner_id BIGINT NOT NULL REFERENCES ${s}.users (id),
  name TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  UNIQUE (owner_id, name)
)`,
  `CREATE TABLE ${s}.schema_modules (
  name TEXT PRIMARY KEY,
  installed_at TIMESTAMPTZ NOT NULL DEFAULT now()
)`,
];

const modules = {
  control_plane: [
    `CREATE TABLE ${s}.control_plane_metadata (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
)`,
    `CREATE TABLE ${s}.control_plane_events (
  id BIGSERIAL PRIMARY KEY,
  kind TEXT NOT NULL,
  payload JSONB NOT NULL DEFAULT '{}',
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
)`,
  ],
  key_service: [
    `CREATE TABLE ${s}.ks_master_keys (
  id BIGSERIAL PRIMARY KEY,
  key_id TEXT NOT NULL UNIQUE,
  provider TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'ACTIVE',
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  rotated_at TIMESTAMPTZ
)`,
    `CREATE TABLE ${s}.ks_data_keys (
  id BIGSERIAL PRIMARY KEY,
  master_key_id BIGINT NOT NULL REFERENCES ${s}.ks_master_keys (id),
  encrypted_key BYTEA NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
)`,
  ],
  ml_studio: [
    `CREATE TABLE ${s}.ml_datasets (
  id BIGSERIAL PRIMARY KEY,
  owner_id BIGINT NOT NULL REFERENCES ${s}.users (id),
  name TEXT NOT NULL,
  path TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
)`,
    `CREATE TABLE ${s}.ml_training_jobs (
  id BIGSERIAL PRIMARY KEY,
  dataset_id BIGINT NOT NULL REFERENCES ${s}.ml_datasets (id),
  state TEXT NOT NULL DEFAULT 'PENDING',
  params JSONB NOT NULL DEFAULT '{}',
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  finished_at TIMESTAMPTZ
)`,
  ],
  model_registry_pv: [
    `CREATE TABLE ${s}.model_registry_models (
  id BIGSERIAL PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  owner_id BIGINT REFERENCES ${s}.users (id),
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
)`,
    `CREATE TABLE ${s}.model_registry_versions (
  id BIGSERIAL PRIMARY KEY,
  model_id BIGINT NOT NULL REFERENCES ${s}.model_registry_models (id) ON DELETE CASCADE,
  version TEXT NOT NULL,
  volume_path TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  UNIQUE (model_id, version)
)`,
  ],
  repo_projects: [
    `CREATE TABLE ${s}.projects (
  id BIGSERIAL PRIMARY KEY,
  name TEXT NOT NULL,
  owner_id BIGINT NOT NULL REFERENCES ${s}.users (id),
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
)`,
    `ALTER TABLE ${s}.repos ADD COLUMN project_id BIGINT REFERENCES ${s}.projects (id)`,
  ],
} as const;

export type PlatformModule = "core" | keyof typeof modules;

export function selectedModules(input: DatabaseSetupInput): PlatformModule[] {
  const chosen: PlatformModule[] = ["core"];
  if (input.enable_control_plane) chosen.push("control_plane");
  if (input.enable_key_service) chosen.push("key_service");
  if (input.enable_ml_studio || input.enable_models) chosen.push("ml_studio");
  if (input.enable_model_registry_pv || input.enable_models) chosen.push("model_registry_pv");
  if (input.enable_repo_projects) chosen.push("repo_projects");
  return chosen;
}

/** A SQL string literal; inputs are validated before, this keeps them inert regardless. */
export function sqlLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

export function platformDdl(input: DatabaseSetupInput): string[] {
  const chosen = selectedModules(input);
  const statements: string[] = [...core];
  for (const name of chosen) if (name !== "core") statements.push(...modules[name]);
  if (input.create_admin_account && input.admin_email) {
    statements.push(
      `INSERT INTO ${s}.users (username, email, is_admin) VALUES (${sqlLiteral(input.admin_username)}, ${sqlLiteral(input.admin_email)}, true)`,
    );
  }
  statements.push(
    `INSERT INTO ${s}.schema_modules (name) VALUES ${chosen.map((name) => `(${sqlLiteral(name)})`).join(", ")}`,
  );
  return statements;
}
