// API errors rendered as `Status` objects, with the reasons and codes a real API server uses.
import type { ResourceType } from "./registry";

export type StatusReason =
  | "BadRequest"
  | "Unauthorized"
  | "Forbidden"
  | "NotFound"
  | "AlreadyExists"
  | "Conflict"
  | "Invalid"
  | "MethodNotAllowed"
  | "NotAcceptable"
  | "UnsupportedMediaType"
  | "RequestEntityTooLarge"
  | "Expired"
  | "InternalError";

const CODES: Record<StatusReason, number> = {
  BadRequest: 400,
  Unauthorized: 401,
  Forbidden: 403,
  NotFound: 404,
  AlreadyExists: 409,
  Conflict: 409,
  Invalid: 422,
  MethodNotAllowed: 405,
  NotAcceptable: 406,
  UnsupportedMediaType: 415,
  RequestEntityTooLarge: 413,
  Expired: 410,
  InternalError: 500,
};

export interface StatusCause {
  type: string;
  message: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: StatusCause[];
}

export class ApiError extends Error {
  readonly code: number;
  constructor(
    readonly reason: StatusReason,
    message: string,
    readonly details?: StatusDetails,
  ) {
    super(message);
    this.code = CODES[reason];
  }

  toStatus(): Record<string, unknown> {
    return {
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: this.message,
      reason: this.reason,
      ...(this.details ? { details: this.details } : {}),
      code: this.code,
    };
  }
}

/** `deployments.apps`, `pods` — how the API server names a resource in messages. */
export function qualifiedResource(rt: ResourceType): string {
  return rt.group ? `${rt.plural}.${rt.group}` : rt.plural;
}

function detailsFor(rt: ResourceType, name: string, causes?: StatusCause[]): StatusDetails {
  return { name, ...(rt.group ? { group: rt.group } : {}), kind: rt.plural, ...(causes ? { causes } : {}) };
}

export function notFound(rt: ResourceType, name: string): ApiError {
  return new ApiError("NotFound", `${qualifiedResource(rt)} "${name}" not found`, detailsFor(rt, name));
}

export function alreadyExists(rt: ResourceType, name: string): ApiError {
  return new ApiError("AlreadyExists", `${qualifiedResource(rt)} "${name}" already exists`, detailsFor(rt, name));
}

export function conflict(rt: ResourceType, name: string): ApiError {
  return new ApiError(
    "Conflict",
    `Operation cannot be fulfilled on ${qualifiedResource(rt)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    detailsFor(rt, name),
  );
}

export function invalid(rt: ResourceType, name: string, causes: StatusCause[]): ApiError {
  const kind = rt.group ? `${rt.kind}.${rt.group}` : rt.kind;
  const list = causes.map((c) => `${c.field ? `${c.field}: ` : ""}${c.message}`);
  const text = list.length === 1 ? list[0] : `[${list.join(", ")}]`;
  return new ApiError("Invalid", `${kind} "${name}" is invalid: ${text}`, {
    ...detailsFor(rt, name, causes),
    kind: rt.kind,
  });
}

export function badRequest(message: string): ApiError {
  return new ApiError("BadRequest", message);
}
