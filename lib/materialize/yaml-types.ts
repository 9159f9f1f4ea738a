/**
 * js-yaml's implicit scalar types, looked up by the first character of a plain scalar: each type
 * can only match scalars that start with certain characters (null `~nN`, bool `tTfF`, int
 * `+-0-9`, float `+-.0-9`, timestamp `0-9`, merge `<`), so the others are not tried at all.
 */
import jsYaml from "js-yaml";

export type YamlType = { resolve(data: string): boolean; construct(data: string): unknown };

const TYPES = (jsYaml as unknown as { types: Record<string, YamlType> }).types;

export function asciiTable(chars: string): Uint8Array {
  const table = new Uint8Array(128);
  for (const ch of chars) table[ch.charCodeAt(0)] = 1;
  return table;
}

/** For each ASCII first character, the types (by name, tried in order) a scalar starting with it may resolve to. */
export function typesByFirstChar(groups: Record<string, readonly string[]>): (readonly YamlType[] | undefined)[] {
  const table: (readonly YamlType[] | undefined)[] = new Array(128).fill(undefined);
  for (const [chars, names] of Object.entries(groups)) {
    const types = names.map((name) => TYPES[name] as YamlType);
    for (const ch of chars) table[ch.charCodeAt(0)] = types;
  }
  return table;
}

/** The types of `table` that may resolve `s` (none for an empty or non-ASCII start). */
export function typesFor(table: (readonly YamlType[] | undefined)[], s: string): readonly YamlType[] | undefined {
  const first = s.charCodeAt(0);
  return first < 0x80 ? table[first] : undefined;
}
