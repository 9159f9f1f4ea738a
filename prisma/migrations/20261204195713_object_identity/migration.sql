-- AlterTable
ALTER TABLE "base_configs" ADD COLUMN     "api_group" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "name" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "namespace" TEXT NOT NULL DEFAULT '';

-- CreateIndex
CREATE INDEX "base_configs_name_idx" ON "base_configs"("name");
