/**
 * Whether an error means the database cannot be reached or refused the connection — rather than
 * a statement failing on a working connection. Seen through pg (its errors, or the socket's),
 * and through Prisma's driver adapter (the pg error is its `meta.driverAdapterError.cause`).
 */

const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "EPIPE"]);
/** SQLSTATE classes 08 (connection), 28 (authorization), 3D (no such database), 53300 and 57P0x (server). */
const SQLSTATE = /^(08|28|3D|53300|57P0)/;
/** Prisma: authentication failed, cannot reach, timed out, no such database, access denied, server closed the connection. */
const PRISMA_CODES = new Set(["P1000", "P1001", "P1002", "P1003", "P1008", "P1010", "P1017"]);
/**
 * Prisma's driver adapter maps some pg errors to a kind and keeps the SQLSTATE as
 * `originalCode` (a database renamed away: `DatabaseDoesNotExist`, 3D000).
 */
const ADAPTER_KINDS = new Set([
  "DatabaseNotReachable",
  "DatabaseDoesNotExist",
  "DatabaseAccessDenied",
  "AuthenticationFailed",
  "ConnectionClosed",
  "TlsConnectionError",
  "SocketTimeout",
  "TooManyConnections",
]);
/** pg's own errors without a code: a dropped connection, the pool's connection timeout. */
const PG_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|connection error and is not queryable/i;

type Inspected = { code?: unknown; originalCode?: unknown; kind?: unknown; severity?: unknown; message?: unknown; cause?: unknown; meta?: { driverAdapterError?: { cause?: unknown } } };

export function isConnectionFailure(error: unknown): boolean {
  for (let e = error as Inspected | undefined, depth = 0; e && typeof e === "object" && depth < 4; depth++) {
    const code = typeof e.code === "string" ? e.code : typeof e.originalCode === "string" ? e.originalCode : "";
    // FATAL ends the session: the server refused or dropped the connection.
    if (SOCKET_CODES.has(code) || SQLSTATE.test(code) || PRISMA_CODES.has(code) || e.severity === "FATAL") return true;
    if (typeof e.kind === "string" && ADAPTER_KINDS.has(e.kind)) return true;
    if (!code && typeof e.message === "string" && PG_MESSAGES.test(e.message)) return true;
    e = (e.meta?.driverAdapterError?.cause ?? e.cause) as Inspected | undefined;
  }
  return false;
}
