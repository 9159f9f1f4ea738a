// Label selectors (string form from query parameters, and LabelSelector objects from specs).
import { badRequest } from "./errors";
import { arr, obj, str, type Obj } from "./json";

type Requirement =
  | { op: "=" | "!="; key: string; value: string }
  | { op: "in" | "notin"; key: string; values: string[] }
  | { op: "exists" | "!"; key: string };

export type Selector = Requirement[];

const LABEL_KEY = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const TOKEN = /\s*(!=|==|=|!|\(|\)|,|[A-Za-z0-9_./-]+)\s*/y;

/** Parses `app=web,tier!=db,env in (a,b),!legacy,owner`. */
export function parseLabelSelector(text: string | null | undefined): Selector {
  const src = (text ?? "").trim();
  if (!src) return [];
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < src.length) {
    const m = TOKEN.exec(src);
    if (!m?.[1]) throw badRequest(`unable to parse requirement: invalid label selector "${src}"`);
    tokens.push(m[1]);
  }
  const reqs: Requirement[] = [];
  let i = 0;
  const fail = (): never => {
    throw badRequest(`unable to parse requirement: invalid label selector "${src}"`);
  };
  const next = (): string => tokens[i++] ?? fail();
  const key = (): string => {
    const k = next();
    return LABEL_KEY.test(k) ? k : fail();
  };
  while (i < tokens.length) {
    if (tokens[i] === "!") {
      i++;
      reqs.push({ op: "!", key: key() });
    } else {
      const k = key();
      const op = tokens[i];
      if (op === undefined || op === ",") {
        reqs.push({ op: "exists", key: k });
      } else if (op === "=" || op === "==" || op === "!=") {
        i++;
        const value = tokens[i] !== undefined && tokens[i] !== "," ? next() : "";
        reqs.push({ op: op === "!=" ? "!=" : "=", key: k, value });
      } else if (op === "in" || op === "notin") {
        i++;
        if (next() !== "(") fail();
        const values: string[] = [];
        for (let tok = next(); tok !== ")"; tok = next()) if (tok !== ",") values.push(tok);
        reqs.push({ op, key: k, values });
      } else {
        fail();
      }
    }
    if (i < tokens.length && next() !== ",") fail();
  }
  return reqs;
}

/** A `LabelSelector` object (matchLabels + matchExpressions) as requirements. */
export function fromLabelSelector(sel: unknown): Selector {
  const s = obj(sel);
  const reqs: Requirement[] = Object.entries(obj(s.matchLabels)).map(([key, v]) => ({
    op: "=",
    key,
    value: String(v),
  }));
  for (const e of arr(s.matchExpressions)) {
    const ex = obj(e);
    const key = str(ex.key) ?? "";
    const values = arr(ex.values).map(String);
    switch (ex.operator) {
      case "In":
        reqs.push({ op: "in", key, values });
        break;
      case "NotIn":
        reqs.push({ op: "notin", key, values });
        break;
      case "Exists":
        reqs.push({ op: "exists", key });
        break;
      case "DoesNotExist":
        reqs.push({ op: "!", key });
        break;
    }
  }
  return reqs;
}

export function matches(sel: Selector, labels: Record<string, string>): boolean {
  return sel.every((r) => {
    const v = labels[r.key];
    switch (r.op) {
      case "=":
        return v === r.value;
      case "!=":
        return v !== r.value;
      case "in":
        return v !== undefined && r.values.includes(v);
      case "notin":
        return v === undefined || !r.values.includes(v);
      case "exists":
        return v !== undefined;
      case "!":
        return v === undefined;
    }
  });
}

export function selectorString(sel: unknown): string {
  const s = obj(sel);
  const parts = Object.entries(obj(s.matchLabels)).map(([k, v]) => `${k}=${String(v)}`);
  for (const e of arr(s.matchExpressions)) {
    const ex: Obj = obj(e);
    const values = arr(ex.values).map(String).join(",");
    if (ex.operator === "In") parts.push(`${String(ex.key)} in (${values})`);
    if (ex.operator === "NotIn") parts.push(`${String(ex.key)} notin (${values})`);
    if (ex.operator === "Exists") parts.push(String(ex.key));
    if (ex.operator === "DoesNotExist") parts.push(`!${String(ex.key)}`);
  }
  return parts.join(",");
}

const BUILTIN_FIELDS = ["metadata.name", "metadata.namespace", "status.phase", "spec.nodeName"];

/** A field's value as a field selector compares it (scalars as text, absent as ""). */
function fieldText(o: Obj, path: string): string {
  let cur: unknown = o;
  for (const k of path.split(".")) cur = obj(cur)[k];
  return typeof cur === "number" || typeof cur === "boolean" ? String(cur) : (str(cur) ?? "");
}

/**
 * fieldSelector: `metadata.name=x`, `metadata.namespace=y`, `status.phase=Running`,
 * `spec.nodeName=n` (built-in kinds); a custom resource allows its version's selectable fields.
 */
export function parseFieldSelector(text: string | null | undefined, allowed: string[] = BUILTIN_FIELDS): (o: Obj) => boolean {
  const src = (text ?? "").trim();
  if (!src) return () => true;
  const checks = src.split(",").map((part) => {
    const m = /^([A-Za-z0-9_.]+)\s*(==|=|!=)\s*(.*)$/.exec(part.trim());
    if (!m?.[1] || !m[2]) throw badRequest(`invalid field selector: "${part}"`);
    const path = m[1];
    if (!allowed.includes(path)) throw badRequest(`field label not supported: ${path}`);
    const want = m[3] ?? "";
    const neg = m[2] === "!=";
    return (o: Obj) => (fieldText(o, path) === want) !== neg;
  });
  return (o) => checks.every((c) => c(o));
}
