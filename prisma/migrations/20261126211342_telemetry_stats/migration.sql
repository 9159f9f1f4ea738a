-- CreateTable
CREATE TABLE "api_request_stats" (
    "bucket_start" TIMESTAMPTZ(3) NOT NULL,
    "method" TEXT NOT NULL,
    "route" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    "error_count" INTEGER NOT NULL DEFAULT 0,
    "total_ms" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "max_ms" DOUBLE PRECISION NOT NULL DEFAULT 0,

    CONSTRAINT "api_request_stats_pkey" PRIMARY KEY ("bucket_start","method","route")
);

-- CreateTable
CREATE TABLE "replica_samples" (
    "id" BIGSERIAL NOT NULL,
    "service" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "desired" INTEGER NOT NULL,
    "ready" INTEGER NOT NULL,
    "sampled_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "replica_samples_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "api_request_stats_route_bucket_start_idx" ON "api_request_stats"("route", "bucket_start");

-- CreateIndex
CREATE INDEX "replica_samples_service_sampled_at_idx" ON "replica_samples"("service", "sampled_at");

-- CreateIndex
CREATE INDEX "replica_samples_sampled_at_idx" ON "replica_samples"("sampled_at");
