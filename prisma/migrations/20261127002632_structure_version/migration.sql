-- AlterTable
ALTER TABLE "store_version" ADD COLUMN     "structure_version" BIGINT NOT NULL DEFAULT 0;

-- Hand-written (Prisma does not model triggers): base configs, labels and bindings also bump
-- "structure_version", which keys the store view cached for patch writes
-- (lib/services/configs/state.ts). Same statement-level rules as dm_bump_store_version.
CREATE FUNCTION "dm_bump_structure_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "store_version" SET "version" = "version" + 1, "structure_version" = "structure_version" + 1 WHERE "id" = 1;
  PERFORM pg_notify('dm_store_version', '');
  RETURN NULL;
END
$$;

DROP TRIGGER "base_configs_store_version" ON "base_configs";
DROP TRIGGER "resource_labels_store_version" ON "resource_labels";
DROP TRIGGER "label_bindings_store_version" ON "label_bindings";
CREATE TRIGGER "base_configs_store_version" BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "base_configs"
  FOR EACH STATEMENT EXECUTE FUNCTION "dm_bump_structure_version"();
CREATE TRIGGER "resource_labels_store_version" BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "resource_labels"
  FOR EACH STATEMENT EXECUTE FUNCTION "dm_bump_structure_version"();
CREATE TRIGGER "label_bindings_store_version" BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "label_bindings"
  FOR EACH STATEMENT EXECUTE FUNCTION "dm_bump_structure_version"();
