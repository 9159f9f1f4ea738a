-- CreateTable
CREATE TABLE "api_tokens" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "owner_email" TEXT,
    "token_hash" TEXT NOT NULL,
    "is_bootstrap" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sessions" (
    "id_hash" TEXT NOT NULL,
    "token_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "sessions_pkey" PRIMARY KEY ("id_hash")
);

-- CreateTable
CREATE TABLE "base_configs" (
    "id" UUID NOT NULL,
    "object_name" TEXT NOT NULL,
    "release_version" TEXT NOT NULL,
    "revision" INTEGER NOT NULL DEFAULT 0,
    "kind" TEXT NOT NULL,
    "api_version" TEXT NOT NULL,
    "config" TEXT NOT NULL,
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "state" TEXT NOT NULL DEFAULT 'ACTIVE',
    "comment" TEXT,
    "uploaded_by" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "base_configs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "patches" (
    "version" BIGINT NOT NULL,
    "target" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "created_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deleted_at" TIMESTAMPTZ(3),

    CONSTRAINT "patches_pkey" PRIMARY KEY ("version")
);

-- CreateTable
CREATE TABLE "materialized_configs" (
    "id" UUID NOT NULL,
    "object_name" TEXT NOT NULL,
    "release_version" TEXT NOT NULL,
    "patch_version" BIGINT,
    "previous_release_version" TEXT,
    "previous_patch_version" BIGINT,
    "config" TEXT NOT NULL,
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "provenance" JSONB,
    "timestamp_ms" BIGINT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'NOT_GOLDEN',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "materialized_configs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "resource_labels" (
    "name" TEXT NOT NULL,
    "is_default" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "resource_labels_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "label_bindings" (
    "label" TEXT NOT NULL,
    "object_name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "label_bindings_pkey" PRIMARY KEY ("label","object_name")
);

-- CreateTable
CREATE TABLE "jobs" (
    "id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'WAITING',
    "input" JSONB NOT NULL DEFAULT '{}',
    "result" JSONB,
    "error" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "locked_by" TEXT,
    "locked_at" TIMESTAMPTZ(3),
    "created_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "jobs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "settings" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "settings_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "system_state" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "system_state_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "health_checks" (
    "id" TEXT NOT NULL,
    "component" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "details" TEXT NOT NULL DEFAULT '',
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "is_critical" BOOLEAN NOT NULL DEFAULT false,
    "contiguous_fails" INTEGER NOT NULL DEFAULT 0,
    "first_check_started_at" TIMESTAMPTZ(3) NOT NULL,
    "last_checked_at" TIMESTAMPTZ(3) NOT NULL,
    "last_check_runtime_ms" INTEGER NOT NULL,
    "last_success_at" TIMESTAMPTZ(3),

    CONSTRAINT "health_checks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "health_check_results" (
    "id" BIGSERIAL NOT NULL,
    "check_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "details" TEXT NOT NULL DEFAULT '',
    "runtime_ms" INTEGER NOT NULL,
    "checked_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "health_check_results_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "api_tokens_token_hash_key" ON "api_tokens"("token_hash");

-- CreateIndex
CREATE INDEX "sessions_expires_at_idx" ON "sessions"("expires_at");

-- CreateIndex
CREATE INDEX "base_configs_release_version_idx" ON "base_configs"("release_version");

-- CreateIndex
CREATE UNIQUE INDEX "base_configs_object_name_release_version_revision_key" ON "base_configs"("object_name", "release_version", "revision");

-- CreateIndex
CREATE INDEX "patches_target_idx" ON "patches"("target");

-- CreateIndex
CREATE INDEX "materialized_configs_object_name_timestamp_ms_idx" ON "materialized_configs"("object_name", "timestamp_ms");

-- CreateIndex
CREATE INDEX "label_bindings_object_name_idx" ON "label_bindings"("object_name");

-- CreateIndex
CREATE INDEX "jobs_status_created_at_idx" ON "jobs"("status", "created_at");

-- CreateIndex
CREATE INDEX "jobs_type_created_at_idx" ON "jobs"("type", "created_at");

-- CreateIndex
CREATE INDEX "health_check_results_check_id_checked_at_idx" ON "health_check_results"("check_id", "checked_at");

-- AddForeignKey
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_token_id_fkey" FOREIGN KEY ("token_id") REFERENCES "api_tokens"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "label_bindings" ADD CONSTRAINT "label_bindings_label_fkey" FOREIGN KEY ("label") REFERENCES "resource_labels"("name") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "health_check_results" ADD CONSTRAINT "health_check_results_check_id_fkey" FOREIGN KEY ("check_id") REFERENCES "health_checks"("id") ON DELETE CASCADE ON UPDATE CASCADE;
