import fs from "node:fs";
import path from "node:path";
import { parseAllDocuments } from "yaml";

/** The RBAC of deploy/kubernetes/rbac.yaml: what the manager's ServiceAccount may do. */

type Rule = { apiGroups: string[]; resources: string[]; verbs: string[] };
type Doc = { kind: string; metadata: { name: string }; rules?: Rule[] };

const RBAC = path.resolve(import.meta.dirname, "../../deploy/kubernetes/rbac.yaml");

export function rbacRules(): { role: Rule[]; clusterRole: Rule[] } {
  const docs = parseAllDocuments(fs.readFileSync(RBAC, "utf8")).map((d) => d.toJS() as Doc);
  const rulesOf = (kind: string) => docs.filter((d) => d.kind === kind).flatMap((d) => d.rules ?? []);
  return { role: rulesOf("Role"), clusterRole: rulesOf("ClusterRole") };
}

export const allows = (rules: readonly Rule[], group: string, resource: string, verb: string) =>
  rules.some((r) => r.apiGroups.includes(group) && r.resources.includes(resource) && r.verbs.includes(verb));

/**
 * The RBAC check a Kubernetes API request needs: `{namespaced, group, resource, verb}` (resource
 * with its subresource, e.g. `deployments/scale`), or null for discovery and `/version`.
 */
export function rbacAttributes(method: string, urlPath: string): { namespaced: boolean; group: string; resource: string; verb: string } | null {
  const seg = urlPath.split("/").filter(Boolean);
  const [group, rest] = seg[0] === "api" ? ["", seg.slice(2)] : seg[0] === "apis" ? [seg[1] ?? "", seg.slice(3)] : ["", []];
  if (rest.length === 0) return null;
  const namespaced = rest[0] === "namespaces" && rest.length >= 3;
  const [resource, name, sub] = namespaced ? rest.slice(2) : rest;
  const verbs: Record<string, string> = { POST: "create", PATCH: "patch", PUT: "update", DELETE: name ? "delete" : "deletecollection", GET: name ? "get" : "list" };
  return { namespaced, group, resource: sub ? `${resource}/${sub}` : resource!, verb: verbs[method] ?? method.toLowerCase() };
}
