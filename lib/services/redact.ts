import { createHash } from "node:crypto";
import { parseDocuments, toYaml } from "@/lib/materialize";

/**
 * Secret values never leave the server unredacted: API answers, diffs and the console show their
 * length and a short hash instead (so a change is still visible).
 */

export function redactedMarker(value: string): string {
  const hash = createHash("sha256").update(value).digest("hex").slice(0, 8);
  return `<redacted len=${value.length} sha256=${hash}>`;
}

const SECRET_FIELDS = ["data", "stringData"] as const;

/** A copy of a Secret-shaped object with every data/stringData value redacted. */
export function redactSecretObject<T>(object: T): T {
  if (typeof object !== "object" || object === null) return object;
  const copy: Record<string, unknown> = { ...(object as Record<string, unknown>) };
  for (const field of SECRET_FIELDS) {
    const values = copy[field];
    if (typeof values !== "object" || values === null || Array.isArray(values)) continue;
    copy[field] = Object.fromEntries(
      Object.entries(values).map(([k, v]) => [k, v === null ? null : redactedMarker(typeof v === "string" ? v : JSON.stringify(v))]),
    );
  }
  return copy as T;
}

/**
 * Redacts the config text of a Secret (YAML). Text that does not parse is replaced whole: a
 * broken Secret must not leak either.
 */
export function redactConfigText(kind: string | undefined, text: string): string {
  if (kind !== "Secret") return text;
  try {
    return parseDocuments(text)
      .map((doc) => toYaml(redactSecretObject(doc.value)))
      .join("---\n");
  } catch {
    return redactedMarker(text);
  }
}
