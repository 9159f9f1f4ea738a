import { z } from "zod";
import { isConnectionFailure } from "@/lib/db/connection-failure";
import { type DomainErrorCode, describeZodError, isDomainError } from "@/lib/services/errors";

/** The closed set of API error codes and their HTTP statuses. */
export const errorStatus = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

/** The API error each domain error code becomes (services throw DomainError, lib/services/errors.ts). */
const domainErrorCode = {
  invalid_input: "bad_request",
  not_found: "not_found",
  conflict: "conflict",
  too_large: "payload_too_large",
  unavailable: "unavailable",
  partial_failure: "internal",
} as const satisfies Record<DomainErrorCode, ErrorCode>;

/** A process-wide brand: each route bundle may hold its own copy of ApiError (see isApiError). */
const API_ERROR = Symbol.for("deployment-manager.api-error");

export class ApiError extends Error {
  override name = "ApiError";
  readonly [API_ERROR] = true;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
  get status(): number {
    return errorStatus[this.code];
  }
}

/** Whether `error` is an ApiError from any copy of this module (`instanceof` fails across bundles). */
export function isApiError(error: unknown): error is ApiError {
  return typeof error === "object" && error !== null && (error as { [API_ERROR]?: unknown })[API_ERROR] === true;
}

export const badRequest = (message: string) => new ApiError("bad_request", message);
export const notFound = (message: string) => new ApiError("not_found", message);

/**
 * Maps anything thrown by a handler to an ApiError (domain errors by their code); unknown faults
 * become a bare 500, and so does a database that cannot be reached, saying only that (as
 * `database/connection` does).
 */
export function toApiError(error: unknown): ApiError {
  // Rebuilt: one from another bundle is an instance of that bundle's class.
  if (isApiError(error)) return new ApiError(error.code, error.message, error.headers);
  if (isDomainError(error)) return new ApiError(domainErrorCode[error.code], error.message);
  if (error instanceof z.ZodError) return badRequest(describeZodError(error));
  if (isPrismaNotFound(error)) return notFound("Not found");
  if (isConnectionFailure(error)) return new ApiError("internal", "Database connection failed");
  return new ApiError("internal", "Internal server error");
}

function isPrismaNotFound(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2025";
}
