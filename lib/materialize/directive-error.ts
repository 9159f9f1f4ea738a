/**
 * A strategic merge directive that cannot be applied, and where: the merge builds no path while
 * it works (a string per map and list element, on every merge, for the rare failure); the error
 * is thrown without one, and each level it passes through on the way out adds its segment.
 *
 *     mergeMap(spec) > mergeListField(containers) > mergeByKey > mergeMap(element) > throw
 *     segments, innermost first: ["a", "[name=app]", "containers", "spec"]
 *     path: "spec.containers[name=app].a"
 */
import { MaterializeError } from "./errors";

export class DirectiveError extends Error {
  private readonly segments: string[] = [];

  /** `describe` words the error for its path ("" at the root). */
  constructor(private readonly describe: (path: string) => string) {
    super("invalid strategic merge directive");
  }

  /** Passes `err` on, with the segment of the level it leaves when it is a DirectiveError. */
  static through(err: unknown, segment: string): unknown {
    if (err instanceof DirectiveError) err.segments.push(segment);
    return err;
  }

  /** The library's error, once the error has left the outermost map. */
  static toMaterializeError(err: unknown): unknown {
    if (!(err instanceof DirectiveError)) return err;
    let path = "";
    for (let i = err.segments.length - 1; i >= 0; i--) {
      const segment = err.segments[i] as string;
      path = path === "" || segment.startsWith("[") ? `${path}${segment}` : `${path}.${segment}`;
    }
    return new MaterializeError("invalid_directive", err.describe(path), { path });
  }
}

/** The error of a list directive: the message, then where. */
export function listDirectiveError(message: string): DirectiveError {
  return new DirectiveError((path) => `${message} (at ${path})`);
}
