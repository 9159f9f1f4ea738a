/**
 * Provenance: for every leaf of a materialized object, where its value comes from: the base, the
 * patch version that set it last, or a transform. Leaves are scalars, empty maps and lists, and
 * lists of scalars. Elements of keyed lists (containers by name, ports by containerPort, ...)
 * are followed by their merge key, so a leaf keeps its source when other elements move.
 */
import { isMap, type JsonMap } from "./json-value";
import { fieldMeta, type FieldMeta, type StructMeta } from "./patch-meta";

export type ProvenanceSource =
  | { source: "base" }
  | { source: "patch"; version: number }
  | { source: "transform"; transform: "namespace" | "registry" | "image" };

/** A leaf (as a JSON pointer into the materialized object) and its source. */
export type ProvenanceEntry = { path: string } & ProvenanceSource;

const BASE: ProvenanceSource = { source: "base" };
const KEY = "\u0001";
const ELEMENT = "\u0002";
const INDEX = "\u0003";

function isLeaf(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return true;
  if (Array.isArray(value)) return value.every((v) => typeof v !== "object" || v === null);
  return Object.keys(value).length === 0;
}

function elementId(list: unknown[], i: number, meta: FieldMeta | undefined): string {
  const item = list[i];
  const key = meta?.mergeKey;
  return key !== undefined && isMap(item) && Object.hasOwn(item, key) ? ELEMENT + String(item[key]) : INDEX + i;
}

function escapePointer(key: string): string {
  return key.replace(/~/g, "~0").replace(/\//g, "~1");
}

export class ProvenanceTracker {
  private readonly marks = new Map<string, ProvenanceSource>();

  constructor(private readonly type: StructMeta | undefined) {}

  /** Marks every leaf a strategic merge patch set (as found in the merge result). */
  markStrategic(result: JsonMap, patch: JsonMap, version: number): void {
    this.markMap(result, patch, this.type, "", { source: "patch", version });
  }

  /** Marks every leaf under each JSON pointer that resolves in `result`. */
  markPointers(result: unknown, pointers: readonly string[], source: ProvenanceSource): void {
    for (const pointer of pointers) {
      let value: unknown = result;
      let type: StructMeta | undefined = this.type;
      let meta: FieldMeta | undefined;
      let id = "";
      const tokens = pointer === "" ? [] : pointer.slice(1).split("/");
      for (const raw of tokens) {
        const token = raw.replace(/~1/g, "/").replace(/~0/g, "~");
        if (Array.isArray(value)) {
          const i = token === "-" ? value.length - 1 : Number(token);
          if (!(i >= 0 && i < value.length)) return;
          id += elementId(value, i, meta);
          value = value[i];
          type = meta?.type;
          meta = undefined;
        } else if (isMap(value) && Object.hasOwn(value, token)) {
          meta = fieldMeta(type, token);
          id += KEY + token;
          value = value[token];
          if (!Array.isArray(value)) type = meta?.type;
        } else {
          value = undefined;
          break;
        }
      }
      if (value !== undefined) this.markAll(value, Array.isArray(value) ? type : meta?.type ?? type, meta, id, source);
    }
  }

  private markMap(result: JsonMap, patch: JsonMap, type: StructMeta | undefined, id: string, source: ProvenanceSource): void {
    if (patch.$patch === "replace") {
      this.markAll(result, type, undefined, id, source);
      return;
    }
    for (const rawKey of Object.keys(patch)) {
      if (rawKey === "$patch" || rawKey === "$retainKeys" || rawKey.startsWith("$setElementOrder/")) continue;
      const key = rawKey.startsWith("$deleteFromPrimitiveList/") ? rawKey.slice("$deleteFromPrimitiveList/".length) : rawKey;
      const patchValue = patch[rawKey];
      if (patchValue === null || !Object.hasOwn(result, key)) continue;
      const value = result[key];
      const meta = fieldMeta(type, key);
      const childId = id + KEY + key;
      if (key !== rawKey) this.marks.set(childId, source);
      else if (isMap(patchValue) && isMap(value) && meta?.strategy !== "replace") this.markMap(value, patchValue, meta?.type, childId, source);
      else if (Array.isArray(patchValue) && Array.isArray(value) && meta?.mergeKey !== undefined && !patchValue.some((p) => isMap(p) && p.$patch === "replace")) {
        this.markKeyedList(value, patchValue, meta, childId, source);
      } else this.markAll(value, meta?.type, meta, childId, source);
    }
  }

  private markKeyedList(result: unknown[], patch: unknown[], meta: FieldMeta, id: string, source: ProvenanceSource): void {
    const key = meta.mergeKey as string;
    for (const item of patch) {
      if (!isMap(item) || Object.hasOwn(item, "$patch") || !Object.hasOwn(item, key)) continue;
      const i = result.findIndex((r) => isMap(r) && r[key] === item[key]);
      if (i >= 0) this.markMap(result[i] as JsonMap, item, meta.type, id + elementId(result, i, meta), source);
    }
  }

  private markAll(value: unknown, type: StructMeta | undefined, meta: FieldMeta | undefined, id: string, source: ProvenanceSource): void {
    if (isLeaf(value)) {
      this.marks.set(id, source);
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => this.markAll(item, type, undefined, id + elementId(value, i, meta), source));
    } else {
      const map = value as JsonMap;
      for (const key of Object.keys(map)) {
        const child = fieldMeta(type, key);
        this.markAll(map[key], child?.type, child, id + KEY + key, source);
      }
    }
  }

  /** Every leaf of the final object with its source (the base unless something set it). */
  entries(result: unknown): ProvenanceEntry[] {
    const out: ProvenanceEntry[] = [];
    const walk = (value: unknown, type: StructMeta | undefined, meta: FieldMeta | undefined, id: string, pointer: string) => {
      if (isLeaf(value)) {
        out.push({ path: pointer, ...(this.marks.get(id) ?? BASE) });
      } else if (Array.isArray(value)) {
        value.forEach((item, i) => walk(item, meta?.type, undefined, id + elementId(value, i, meta), `${pointer}/${i}`));
      } else {
        const map = value as JsonMap;
        for (const key of Object.keys(map)) {
          const child = fieldMeta(type, key);
          walk(map[key], child?.type, child, id + KEY + key, `${pointer}/${escapePointer(key)}`);
        }
      }
    };
    walk(result, this.type, undefined, "", "");
    return out;
  }
}
