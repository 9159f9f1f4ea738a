import { ConfigError } from "@/lib/config/env";
import { errorCode } from "@/lib/config/error-code";
import { isConnectionFailure } from "./connection-failure";

/**
 * Why the database could not be opened at start-up, as one line naming the variable to fix:
 * "DATABASE_URL: cannot connect to db:5432 (ECONNREFUSED)". Never the URL's password: only the
 * host and port, and the error's code — with the message when the server sent it (its SQLSTATE:
 * 28P01 password authentication failed, 3D000 database does not exist) or when there is no code
 * (the pool's connection timeout).
 */
export function explainOpenFailure(config: { databaseUrl: string | undefined; dataDir: string }, error: unknown): ConfigError {
  if (!config.databaseUrl) {
    return new ConfigError(`DATA_DIR: cannot open the embedded database in ${config.dataDir} (${oneLine(error)})`);
  }
  const url = parseUrl(config.databaseUrl);
  const where = url ? `${url.hostname}:${url.port || "5432"}` : "the server (the URL does not parse)";
  const fromServer = typeof (error as { severity?: unknown } | null)?.severity === "string";
  const code = errorCode(error);
  const reason = fromServer ? `${code} ${oneLine(error)}` : code === "Error" ? oneLine(error) : code;
  const what = !fromServer || isConnectionFailure(error) ? "cannot connect to" : "cannot apply the migrations on";
  return new ConfigError(`DATABASE_URL: ${what} ${where} (${withoutPassword(reason, url)})`);
}

function parseUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s+/g, " ").trim().slice(0, 300);
}

function withoutPassword(text: string, url: URL | null): string {
  const password = url?.password ? decodeURIComponent(url.password) : "";
  return password ? text.split(password).join("***") : text;
}
