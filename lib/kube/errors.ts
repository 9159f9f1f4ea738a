// Errors from the Kubernetes gateway, with the context an operator needs: what was attempted,
// on which object, and what the API server answered (HTTP status, Status reason, message).

export interface KubeErrorContext {
  /** The gateway operation: "apply", "get", "list", "delete", "scale", "patchLabels", "logs", ... */
  operation: string;
  kind?: string;
  namespace?: string;
  name?: string;
  /** HTTP status of the API server's answer; 0 when no answer came (connection refused, DNS, TLS). */
  status: number;
  /** `Status.reason` (NotFound, Conflict, AlreadyExists, Invalid, Unauthorized, ...) when the server gave one. */
  reason?: string;
  /** Per-field causes (`Status.details.causes`), e.g. apply conflicts or validation errors. */
  causes?: { type?: string; message?: string; field?: string }[];
  /** How long the server asked us to wait before retrying (`Retry-After`, `Status.details.retryAfterSeconds`). */
  retryAfterMs?: number;
}

export class KubeError extends Error {
  override name = "KubeError";
  readonly operation: string;
  readonly kind: string | undefined;
  readonly namespace: string | undefined;
  /** The object's name (`name` itself is the error class name, as for every Error). */
  readonly objectName: string | undefined;
  readonly status: number;
  readonly reason: string | undefined;
  readonly causes: KubeErrorContext["causes"];
  readonly retryAfterMs: number | undefined;
  /** The API server's own message (without the context prefix). */
  readonly serverMessage: string;

  constructor(ctx: KubeErrorContext, serverMessage: string, options?: { cause?: unknown }) {
    const target = [ctx.kind, [ctx.namespace, ctx.name].filter(Boolean).join("/")].filter(Boolean).join(" ");
    const answer = ctx.status ? `${ctx.status}${ctx.reason ? ` ${ctx.reason}` : ""}` : "no response";
    super(`kubernetes ${ctx.operation}${target ? ` ${target}` : ""} failed (${answer}): ${serverMessage}`, options);
    this.operation = ctx.operation;
    this.kind = ctx.kind;
    this.namespace = ctx.namespace;
    this.objectName = ctx.name;
    this.status = ctx.status;
    this.reason = ctx.reason;
    this.causes = ctx.causes;
    this.retryAfterMs = ctx.retryAfterMs;
    this.serverMessage = serverMessage;
  }

  get isNotFound(): boolean {
    return this.status === 404;
  }

  /** Discovery found no resource for the kind: the server does not serve it (an unknown kind, a CRD not installed). */
  get isKindNotServed(): boolean {
    return this.operation === "discovery" && this.status === 404;
  }

  get isConflict(): boolean {
    return this.status === 409;
  }
}

export function isKubeError(e: unknown): e is KubeError {
  return e instanceof KubeError;
}
