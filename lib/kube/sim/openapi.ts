// A minimal OpenAPI v3 surface: the per group-version documents list each resource's PATCH
// operation with its `fieldValidation` query parameter, which is what kubectl reads to decide
// that the server validates fields itself (so it needs no schemas for `--validate=strict`).
import { createHash } from "node:crypto";
import { RESOURCE_TYPES, servedGroupVersions, servedIn } from "./registry";

const QUERY_PARAMS = ["dryRun", "fieldManager", "fieldValidation", "force", "pretty"];

function gvPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

export function openApiDoc(group: string, version: string): Record<string, unknown> | undefined {
  const types = RESOURCE_TYPES.filter((r) => r.group === group && servedIn(r, version));
  if (types.length === 0) return undefined;
  const paths: Record<string, unknown> = {};
  for (const rt of types) {
    const base = `/${gvPath(group, version)}${rt.namespaced ? "/namespaces/{namespace}" : ""}/${rt.plural}/{name}`;
    paths[base] = {
      patch: {
        operationId: `patch${rt.kind}`,
        "x-kubernetes-action": "patch",
        "x-kubernetes-group-version-kind": { group, version, kind: rt.kind },
        parameters: QUERY_PARAMS.map((name) => ({ name, in: "query", schema: { type: name === "force" ? "boolean" : "string", uniqueItems: true } })),
        responses: { "200": { description: "OK" } },
      },
    };
  }
  return { openapi: "3.0.0", info: { title: "Kubernetes", version: "v1.32.0-sim" }, paths, components: { schemas: {} } };
}

export function openApiRoot(): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (const { group, version } of servedGroupVersions()) {
    const hash = createHash("sha256").update(JSON.stringify(openApiDoc(group, version))).digest("hex").slice(0, 32).toUpperCase();
    paths[gvPath(group, version)] = { serverRelativeURL: `/openapi/v3/${gvPath(group, version)}?hash=${hash}` };
  }
  return { paths };
}
