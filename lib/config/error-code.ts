/** A thrown error's code for a one-line message: the system's (ENOTDIR, ECONNREFUSED) or the SQLSTATE, else its name. */
export function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && code) return code;
  return error instanceof Error ? error.name : "unknown error";
}
