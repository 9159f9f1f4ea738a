-- CreateTable
CREATE TABLE "store_version" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "version" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "store_version_pkey" PRIMARY KEY ("id")
);

-- The row the triggers bump (hand-written below this line: Prisma does not model triggers).
INSERT INTO "store_version" ("id", "version") VALUES (1, 0);

-- BEFORE ... FOR EACH STATEMENT: the row lock is taken before the statement locks any data row,
-- and is held until commit, so a reader sees the new version only with the committed data. The
-- NOTIFY (delivered at commit) lets a PGlite process keep the version in memory.
CREATE FUNCTION "dm_bump_store_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "store_version" SET "version" = "version" + 1 WHERE "id" = 1;
  PERFORM pg_notify('dm_store_version', '');
  RETURN NULL;
END
$$;

CREATE TRIGGER "base_configs_store_version" BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "base_configs"
  FOR EACH STATEMENT EXECUTE FUNCTION "dm_bump_store_version"();
CREATE TRIGGER "patches_store_version" BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "patches"
  FOR EACH STATEMENT EXECUTE FUNCTION "dm_bump_store_version"();
CREATE TRIGGER "resource_labels_store_version" BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "resource_labels"
  FOR EACH STATEMENT EXECUTE FUNCTION "dm_bump_store_version"();
CREATE TRIGGER "label_bindings_store_version" BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "label_bindings"
  FOR EACH STATEMENT EXECUTE FUNCTION "dm_bump_store_version"();
CREATE TRIGGER "materialized_configs_store_version" BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "materialized_configs"
  FOR EACH STATEMENT EXECUTE FUNCTION "dm_bump_store_version"();
