import type { TestProject } from "vitest/node";
import { requirePostgres } from "../support/postgres";
import { type TestServer, ensureBuild, startServer } from "../support/server";

/** Starts the shared app servers once for the integration project: PGlite, and PostgreSQL. */

export type SharedServer = Pick<TestServer, "name" | "baseUrl" | "apiRoot" | "token" | "databaseUrl" | "dataDir">;

declare module "vitest" {
  export interface ProvidedContext {
    servers: SharedServer[];
    postgres: boolean;
  }
}

/**
 * A small body limit so the 413 tests need not send 64 MiB; one trusted proxy hop so tests can
 * act as distinct clients (X-Forwarded-For) for the per-address limit of failed tokens.
 */
export const SHARED_ENV = { DM_MAX_BODY_BYTES: String(2 * 1024 * 1024), DM_TRUSTED_PROXY_HOPS: "1" };

export default async function setup(project: TestProject) {
  ensureBuild();
  const withPostgres = await requirePostgres();
  const servers = await Promise.all([
    startServer({ database: "pglite", env: SHARED_ENV }),
    ...(withPostgres ? [startServer({ database: "postgres", env: SHARED_ENV })] : []),
  ]);
  project.provide(
    "servers",
    servers.map(({ name, baseUrl, apiRoot, token, databaseUrl, dataDir }) => ({ name, baseUrl, apiRoot, token, databaseUrl, dataDir })),
  );
  project.provide("postgres", withPostgres);
  return async () => {
    await Promise.all(servers.map((server) => server.destroy()));
  };
}
