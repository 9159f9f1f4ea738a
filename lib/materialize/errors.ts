/**
 * The one error type of lib/materialize. `code` is a closed set so callers (route handlers,
 * the CLI) can map it to an HTTP status or an exit code; `context` says where it happened.
 */
export const MATERIALIZE_ERROR_CODES = [
  "yaml_syntax", // a document does not parse
  "limit_exceeded", // document size, document count or alias expansion over the limit
  "invalid_document", // parses, but is not what is expected (not a mapping, no kind, ...)
  "invalid_patch", // a patch body of the wrong shape
  "invalid_directive", // a strategic merge directive that cannot be applied
  "json_patch_failed", // an RFC 6902 operation failed
  "invalid_transform", // a transform with bad arguments or no place to apply
] as const;

export type MaterializeErrorCode = (typeof MATERIALIZE_ERROR_CODES)[number];

export interface MaterializeErrorContext {
  /** 0-based index of the YAML document in its text. */
  document?: number;
  /** 1-based line in the whole text. */
  line?: number;
  /** Dotted path (strategic merge) or JSON pointer (JSON patch) where it failed. */
  path?: string;
  patchVersion?: number;
  /** 0-based index of the failing JSON patch operation. */
  opIndex?: number;
  object?: string;
}

export class MaterializeError extends Error {
  override readonly name = "MaterializeError";

  constructor(
    readonly code: MaterializeErrorCode,
    message: string,
    readonly context: MaterializeErrorContext = {},
  ) {
    super(message);
  }
}

export function isMaterializeError(err: unknown): err is MaterializeError {
  return err instanceof MaterializeError;
}
