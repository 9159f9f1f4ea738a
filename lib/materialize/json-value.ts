/**
 * Helpers over plain JSON-like values (the shape YAML and JSON parsers produce): maps, lists,
 * strings, numbers, booleans, null, and bigints for integers beyond 2^53 (kept exact).
 */
export type JsonMap = { [key: string]: unknown };

export function isMap(value: unknown): value is JsonMap {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `map[key] = value` for a key `map` may not have yet: a `__proto__` key becomes an own key, as the parsers read it. */
export function setKey(map: JsonMap, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true });
  else map[key] = value;
}

/** Deep copy of a JSON-like value. */
export function cloneJson<T>(value: T): T {
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) return value.map(cloneJson) as T;
  const out: JsonMap = {};
  // for-in with an own-key check: Object.keys would allocate an array per map.
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const copy = cloneJson((value as JsonMap)[key]);
    if (key === "__proto__") setKey(out, key, copy);
    else out[key] = copy;
  }
  return out as T;
}

/**
 * Deep copy of a value that enters an object where nothing was to merge with: `null` map values
 * are dropped at every depth, and so is every map that holds a `$patch` directive (`undefined`
 * when the value itself is such a map).
 */
export function cloneNewValue(value: unknown): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const item of value) {
      const copy = cloneNewValue(item);
      if (copy !== undefined) out.push(copy);
    }
    return out;
  }
  const map = value as JsonMap;
  if (map.$patch !== undefined && map.$patch !== null) return undefined;
  const out: JsonMap = {};
  for (const key of Object.keys(map)) {
    const v = map[key];
    if (v === null) continue;
    const copy = cloneNewValue(v);
    if (copy !== undefined) setKey(out, key, copy);
  }
  return out;
}

/** Structural equality of JSON-like values (map key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((v, i) => jsonEqual(v, b[i]));
  }
  if (Array.isArray(b)) return false;
  const ak = Object.keys(a);
  if (ak.length !== Object.keys(b).length) return false;
  return ak.every((k) => Object.hasOwn(b, k) && jsonEqual((a as JsonMap)[k], (b as JsonMap)[k]));
}

/** The kind of a value as Go's reflect would see it after JSON decoding (numbers: int vs float; a bigint is an int beyond 2^53). */
export function valueType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "list";
  if (typeof value === "number") return Number.isInteger(value) ? "int" : "float";
  if (typeof value === "bigint") return "int";
  return typeof value === "object" ? "map" : typeof value;
}
