/**
 * JSON text of a JSON-like value, as `JSON.stringify(value, null, indent)` writes it (undefined
 * at the top: `null`), except that a bigint (an integer beyond 2^53, as the YAML readers keep
 * it) is written in full where JSON.stringify throws. For JSON that leaves the process (API
 * answers, bodies sent to the cluster) made from values the readers return.
 */
export function toJson(value: unknown, indent = 0): string {
  return write(value, indent > 0 ? " ".repeat(indent) : "", "") ?? "null";
}

function write(value: unknown, step: string, at: string): string | undefined {
  if (typeof value === "bigint") return value.toString();
  if (typeof value !== "object" || value === null) return JSON.stringify(value);
  const json = (value as { toJSON?: unknown }).toJSON;
  if (typeof json === "function") return write((json as () => unknown).call(value), step, at);
  const inner = step === "" ? "" : `\n${at}${step}`;
  const close = step === "" ? "" : `\n${at}`;
  const colon = step === "" ? ":" : ": ";
  const parts: string[] = [];
  if (Array.isArray(value)) {
    for (const item of value) parts.push(write(item, step, at + step) ?? "null");
    return parts.length === 0 ? "[]" : `[${inner}${parts.join(`,${inner}`)}${close}]`;
  }
  for (const key of Object.keys(value)) {
    const text = write((value as Record<string, unknown>)[key], step, at + step);
    if (text !== undefined) parts.push(`${JSON.stringify(key)}${colon}${text}`);
  }
  return parts.length === 0 ? "{}" : `{${inner}${parts.join(`,${inner}`)}${close}}`;
}
