/**
 * js-yaml behind the fast reader (yaml-fast-read.ts), for every document that one gives up on.
 *
 * - Kubernetes rules (manifests and patches): js-yaml parses with a schema that types no plain
 *   scalar itself. One that kubectl would read as a string is that string; any other comes
 *   back as a `Plain` (its text and its YAML 1.1 value, yaml11-scalars.ts), which a walk over
 *   the value then settles by the field it sits in: the text in a string field
 *   (yaml-string-fields.ts), the value elsewhere. A plain key that is not a string to kubectl
 *   reaches the walk as its text behind a private mark (js-yaml makes every key a string), so
 *   the walk can tell `yes:` (the key "true") from `'yes':`. In a text with aliases the walk
 *   copies (a node an alias shares may sit in fields of both kinds) and counts the nodes with
 *   aliases expanded, against the document's budget.
 * - YAML 1.2's core schema with merge keys (`<<`), for the YAML inside ConfigMap values.
 */
import { randomBytes } from "node:crypto";
import jsYaml from "js-yaml";
import { type JsonMap, setKey } from "./json-value";
import { childRule, documentRule, type FieldRule, keepsKeys } from "./yaml-string-fields";
import { plainTag, refusedKeyReason, resolveKey, resolvePlain } from "./yaml11-scalars";

/** YAML 1.2 core schema plus merge keys (`<<`): no timestamps, no custom tags. */
const MERGE_KEY = new jsYaml.Type("tag:yaml.org,2002:merge", { kind: "scalar", resolve: (data: unknown) => data === "<<" });
export const CORE_SCHEMA = jsYaml.CORE_SCHEMA.extend({ implicit: [MERGE_KEY] });

/** The mark before the text of a plain key kubectl does not read as that string: random per process, so no quoted key can forge it. */
const KEY_MARK = `\u0000${randomBytes(9).toString("base64")}:`;

/** A plain scalar kubectl reads as something other than its text, until the walk knows its field. */
class Plain {
  constructor(
    readonly text: string,
    readonly value: unknown,
  ) {}

  get [Symbol.toStringTag](): string {
    return "Plain";
  }

  /** As a key (js-yaml makes keys strings with `String(key)`). */
  toString(): string {
    return `${KEY_MARK}${this.text}`;
  }
}

const PLAIN = new jsYaml.Type("tag:deployment-manager,2025:plain", {
  kind: "scalar",
  resolve: () => true,
  construct: (text: string) => {
    const value = resolvePlain(text);
    return typeof value === "string" ? value : new Plain(text, value);
  },
});

/** `!!null`, `!!bool`, `!!int`, `!!float` as go-yaml reads them (an int is a float to `!!float`). */
function taggedType(tag: "null" | "bool" | "int" | "float") {
  return new jsYaml.Type(`tag:yaml.org,2002:${tag}`, {
    kind: "scalar",
    resolve: (text: string) => plainTag(text) === tag || (tag === "float" && plainTag(text) === "int"),
    construct: (text: string) => {
      const value = resolvePlain(text);
      return tag === "float" && typeof value === "bigint" ? Number(value) : value;
    },
  });
}

/** Strings, maps and lists as js-yaml has them; every plain scalar typed by yaml11-scalars.ts. */
export const KUBERNETES_SCHEMA = jsYaml.FAILSAFE_SCHEMA.extend({
  implicit: [MERGE_KEY, PLAIN],
  explicit: [taggedType("null"), taggedType("bool"), taggedType("int"), taggedType("float")],
});

/** A value Kubernetes refuses, with where it is (a dotted path, built on the way out). */
export class KubernetesValueError extends Error {
  constructor(
    readonly reason: string,
    readonly path: string[] = [],
  ) {
    super(reason);
  }

  get where(): string {
    return this.path.length === 0 ? "<root>" : this.path.join(".");
  }
}

/** The alias-expanded document has more nodes, or more bytes of keys and scalars, than its budget. */
export class ExpansionBudgetError extends Error {
  constructor(readonly over: "nodes" | "bytes") {
    super(`alias expansion over its ${over} budget`);
  }
}

export type ExpansionBudget = { maxNodes: number; maxBytes: number };

/** One document in YAML 1.2's core schema (js-yaml's errors). */
export function readCoreYaml(text: string): unknown {
  return jsYaml.load(text, { schema: CORE_SCHEMA });
}

/**
 * One document as Kubernetes reads it: the kind is the document's own `kind`, else `kindHint`.
 * Throws js-yaml's errors, KubernetesValueError, and ExpansionBudgetError past the budget
 * (nodes, and bytes of keys and string scalars once aliases are expanded).
 */
export function readKubernetesYaml(text: string, kindHint: string | undefined, budget: ExpansionBudget): unknown {
  const raw = jsYaml.load(text, { schema: KUBERNETES_SCHEMA });
  const kind = raw !== null && typeof raw === "object" && !Array.isArray(raw) ? (raw as JsonMap).kind : undefined;
  const documentKind = kind instanceof Plain ? kind.text : typeof kind === "string" ? kind : kindHint;
  // Without aliases no node is shared: the walk settles values in place.
  return new Walk(text.includes("*"), budget).node(raw, documentRule(documentKind));
}

class Walk {
  private nodesLeft: number;
  private bytesLeft: number;

  constructor(
    private readonly copy: boolean,
    budget: ExpansionBudget,
  ) {
    this.nodesLeft = budget.maxNodes;
    this.bytesLeft = budget.maxBytes;
  }

  node(value: unknown, rule: FieldRule | undefined): unknown {
    if (this.copy && --this.nodesLeft < 0) throw new ExpansionBudgetError("nodes");
    if (typeof value === "string") this.spend(value.length);
    if (typeof value !== "object" || value === null) return value;
    if (value instanceof Plain) {
      this.spend(value.text.length);
      return settle(value, rule);
    }
    if (Array.isArray(value)) return this.list(value, rule?.items);
    return this.map(value as JsonMap, rule);
  }

  /** Counts expanded text; without aliases the text itself is within the document limit already. */
  private spend(bytes: number): void {
    if (this.copy && (this.bytesLeft -= bytes) < 0) throw new ExpansionBudgetError("bytes");
  }

  private list(list: unknown[], rule: FieldRule | undefined): unknown[] {
    const out = this.copy ? new Array<unknown>(list.length) : list;
    let i = 0;
    try {
      for (; i < list.length; i++) out[i] = this.node(list[i], rule);
    } catch (err) {
      throw through(err, String(i));
    }
    return out;
  }

  private map(map: JsonMap, rule: FieldRule | undefined): JsonMap {
    const keys = Object.keys(map);
    const rebuild = this.copy || keys.some((k) => k.includes(KEY_MARK));
    const out: JsonMap = rebuild ? {} : map;
    /** The key whose value is being read (errors in it are under it), else undefined. */
    let at: string | undefined;
    try {
      for (const raw of keys) {
        at = undefined;
        const key = raw.includes(KEY_MARK) ? keyOf(raw, rule) : raw;
        if (rebuild && Object.hasOwn(out, key)) throw new KubernetesValueError(`duplicated mapping key ${JSON.stringify(key)} (as Kubernetes reads the keys)`);
        at = key;
        this.spend(key.length);
        const value = this.node(map[raw], childRule(rule, key));
        if (rebuild) setKey(out, key, value);
        else map[raw] = value;
      }
    } catch (err) {
      throw at === undefined ? err : through(err, at);
    }
    return out;
  }
}

/** The key a marked plain key stands for: its text in a map of user keys, else kubectl's key. */
function keyOf(raw: string, rule: FieldRule | undefined): string {
  if (!raw.startsWith(KEY_MARK) || raw.indexOf(KEY_MARK, 1) !== -1) {
    // A complex key (`? [a, b]`) js-yaml joined into one string: Kubernetes has no such keys.
    throw new KubernetesValueError("a key that is a list or a map: Kubernetes refuses it");
  }
  const text = raw.slice(KEY_MARK.length);
  if (keepsKeys(rule)) return text;
  const key = resolveKey(text);
  if (key === undefined) throw new KubernetesValueError(refusedKeyReason(text));
  return key;
}

/** A plain scalar in its field: the text in a string field (null forms stay null), else its value. */
function settle(plain: Plain, rule: FieldRule | undefined): unknown {
  if (rule !== undefined && rule.text && plain.value !== null) return plain.text;
  if (typeof plain.value === "number" && !Number.isFinite(plain.value)) {
    throw new KubernetesValueError(`${plain.text} is not a number JSON can carry, so Kubernetes refuses it (quote it for a string)`);
  }
  return plain.value;
}

function through(err: unknown, segment: string): unknown {
  if (err instanceof KubernetesValueError) err.path.unshift(segment);
  return err;
}
