import type { KubeGateway, KubeObject } from "@/lib/kube";
import type { GoldenObject } from "./platform-objects";

/**
 * A minimal drift count for the `configs` component: an applied (golden) config drifts when the
 * live object is missing or differs in a field the config sets (only those: defaults added by the
 * API server are not drift). Metadata counts only for labels and annotations; lists of objects
 * with a `name` match by name, other lists by position. The full diff rows are
 * `configs/k8s-inconsistencies`' business.
 */

export type DriftSummary = { checked: number; drifted: string[] };

export async function countDrift(gateway: KubeGateway, golden: readonly GoldenObject[], defaultNamespace: string): Promise<DriftSummary> {
  const groups = new Map<string, GoldenObject[]>();
  for (const g of golden) {
    const key = `${g.apiVersion}|${g.kind}`;
    (groups.get(key) ?? groups.set(key, []).get(key)!).push(g);
  }
  const drifted: string[] = [];
  await Promise.all(
    [...groups.values()].map(async (objects) => {
      const { kind, apiVersion } = objects[0]!;
      const info = await gateway.resolve(kind, apiVersion);
      const namespaces = info.namespaced ? [...new Set(objects.map((o) => o.namespace ?? defaultNamespace))] : [undefined];
      const live = new Map<string, KubeObject>();
      for (const namespace of namespaces) {
        for (const item of await gateway.list(kind, { apiVersion, ...(namespace ? { namespace } : {}) })) {
          live.set(`${info.namespaced ? item.metadata.namespace : ""}/${item.metadata.name}`, item);
        }
      }
      for (const o of objects) {
        const actual = live.get(`${info.namespaced ? (o.namespace ?? defaultNamespace) : ""}/${o.object.metadata.name}`);
        if (!actual || !covers(comparable(o.object), actual)) drifted.push(o.name);
      }
    }),
  );
  return { checked: golden.length, drifted: drifted.sort() };
}

function comparable(object: KubeObject): Record<string, unknown> {
  const { metadata, status: _status, ...rest } = object;
  return { ...rest, metadata: { ...(metadata.labels ? { labels: metadata.labels } : {}), ...(metadata.annotations ? { annotations: metadata.annotations } : {}) } };
}

/** Does `actual` hold every field `expected` sets, with the same value? */
export function covers(expected: unknown, actual: unknown): boolean {
  if (expected === null || typeof expected !== "object") {
    return expected === null ? actual === null || actual === undefined : String(expected) === String(actual);
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return false;
    if (expected.every((e) => isNamed(e))) {
      return expected.every((e) => covers(e, actual.find((a) => isNamed(a) && a.name === e.name)));
    }
    return expected.length === actual.length && expected.every((e, i) => covers(e, actual[i]));
  }
  if (actual === null || typeof actual !== "object" || Array.isArray(actual)) return false;
  const a = actual as Record<string, unknown>;
  return Object.entries(expected).every(([k, v]) => covers(v, a[k]));
}

function isNamed(value: unknown): value is { name: string } {
  return typeof value === "object" && value !== null && typeof (value as { name?: unknown }).name === "string";
}
