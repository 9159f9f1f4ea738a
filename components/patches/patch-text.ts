import { parseDocument } from "yaml";

/** The patch text the API takes, from the editor's mode, target and body; and the editor's checks. */

export type PatchMode = "YAML" | "JSON";

const TARGET_TAG = /^[ \t]*#[ \t]*target:[ \t]*(\S+)/m;

/** YAML: `# target: NAME` before the body (a tag in the body wins). JSON: the envelope's `target` (set when missing). */
export function composePatch(mode: PatchMode, target: string, body: string): string {
  if (mode === "YAML") {
    if (TARGET_TAG.test(body) || !target) return body;
    return `# target: ${target}\n${body}`;
  }
  try {
    const envelope = JSON.parse(body) as Record<string, unknown>;
    if (typeof envelope === "object" && envelope !== null && !Array.isArray(envelope) && target && !envelope.target) {
      return JSON.stringify({ ...envelope, target }, null, 2);
    }
  } catch {
    // sent as written: the server names what is wrong
  }
  return body;
}

/** The target a body names itself (YAML tag or JSON `target`), if any. */
export function bodyTarget(mode: PatchMode, body: string): string | undefined {
  if (mode === "YAML") return body.match(TARGET_TAG)?.[1];
  try {
    const t = (JSON.parse(body) as { target?: unknown }).target;
    return typeof t === "string" ? t : undefined;
  } catch {
    return undefined;
  }
}

/** A problem at a position (1-based); without an end it runs to the end of the line. */
export type Marker = { line: number; column: number; endLine?: number; endColumn?: number; message: string; severity: "error" | "warning" };

const TOP_LEVEL = new Set(["apiVersion", "kind", "metadata", "spec", "data", "stringData", "binaryData", "type", "rules", "subjects", "roleRef", "immutable", "$patch", "$retainKeys"]);

/** YAML patch checks: syntax errors, a body that is not a mapping, top-level keys no Kubernetes object has. */
export function lintYamlPatch(body: string): Marker[] {
  const doc = parseDocument(body, { prettyErrors: true });
  const markers: Marker[] = doc.errors.map((e) => ({
    line: e.linePos?.[0]?.line ?? 1,
    column: e.linePos?.[0]?.col ?? 1,
    message: e.message.split("\n")[0]!,
    severity: "error",
  }));
  if (markers.length) return markers;
  const value = doc.toJS() as unknown;
  if (value === null || value === undefined) return [];
  if (typeof value !== "object" || Array.isArray(value)) return [{ line: 1, column: 1, message: "A YAML patch is a mapping (a partial Kubernetes object)", severity: "error" }];
  const lines = body.split("\n");
  for (const key of Object.keys(value)) {
    if (TOP_LEVEL.has(key) || key.startsWith("$setElementOrder/") || key.startsWith("$deleteFromPrimitiveList/")) continue;
    const line = lines.findIndex((l) => l.startsWith(`${key}:`));
    markers.push({ line: line + 1 || 1, column: 1, message: `'${key}' is not a field of a Kubernetes object`, severity: "warning" });
  }
  return markers;
}

export const YAML_TEMPLATE = `apiVersion: apps/v1
kind: Deployment
spec:
  template:
    spec:
      containers:
        - name: CONTAINER_NAME
          env:
            - name: LOG_LEVEL
              value: "INFO"
`;

export const JSON_TEMPLATE = `{
  "comment": "What the patch does",
  "kind": "Deployment",
  "patch": [
    { "op": "replace", "path": "/spec/replicas", "value": 2 }
  ]
}
`;
