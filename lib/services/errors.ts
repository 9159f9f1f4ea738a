import type { z } from "zod";

/**
 * What a use-case can refuse or fail with, in domain terms; lib/api maps each code to an HTTP
 * status (`toApiError`). Services, store, jobs, kube and materialize throw these, never ApiError.
 */
export type DomainErrorCode =
  | "invalid_input"
  | "not_found"
  | "conflict"
  | "too_large"
  | "unavailable"
  | "partial_failure";

/**
 * Route bundles and the production server may each hold their own copy of this class, so
 * `instanceof` fails across them: `isDomainError` checks a process-wide brand instead.
 */
const DOMAIN_ERROR = Symbol.for("deployment-manager.domain-error");

export class DomainError extends Error {
  override name = "DomainError";
  readonly [DOMAIN_ERROR] = true;
  constructor(
    readonly code: DomainErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Whether `error` is a DomainError from any copy of this module. */
export function isDomainError(error: unknown): error is DomainError {
  return typeof error === "object" && error !== null && (error as { [DOMAIN_ERROR]?: unknown })[DOMAIN_ERROR] === true;
}

export const invalidInput = (message: string) => new DomainError("invalid_input", message);
export const notFound = (message: string) => new DomainError("not_found", message);
export const conflict = (message: string) => new DomainError("conflict", message);
export const tooLarge = (message: string) => new DomainError("too_large", message);
export const unavailable = (message: string) => new DomainError("unavailable", message);
/** Part of the work is done and part failed; the message names what failed and how to retry. */
export const partialFailure = (message: string) => new DomainError("partial_failure", message);

/** "field: problem; other: problem" — readable zod errors for invalid input. */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message))
    .join("; ");
}
