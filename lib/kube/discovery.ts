// Kind → group/version/plural from the API server's discovery documents (/api, /apis and each
// group version's APIResourceList), cached. A miss refetches them (a CRD may have been installed),
// at most once per `refreshIntervalMs`: lookups of a kind the server does not serve in between are
// answered from the cache. `invalidate()` makes the next miss refetch at once (the gateway calls it
// when it applied a CRD or saw one become Established). A group version the server answers 404
// for serves nothing (a CRD's group before it is installed), like one that lacks the kind.
import type { ResourceInfo } from "./types";

export type GetJson = <T>(path: string) => Promise<T>;

interface ApiResource {
  name: string;
  kind: string;
  namespaced: boolean;
}

interface ApiGroupList {
  groups: { name: string; preferredVersion?: { groupVersion: string; version: string }; versions: { groupVersion: string; version: string }[] }[];
}

export const DISCOVERY_REFRESH_INTERVAL_MS = 5_000;

export interface DiscoveryOptions {
  refreshIntervalMs?: number;
  now?: () => number;
}

export class Discovery {
  private byGroupVersion = new Map<string, Promise<ResourceInfo[]>>();
  private preferred: Promise<string[]> | undefined;
  /** When the cache was started or last emptied (-Infinity: not yet used). */
  private fetchedAt = -Infinity;
  /** Set by invalidate(): the next miss refetches without waiting for the interval. */
  private stale = false;
  private readonly refreshIntervalMs: number;
  private readonly now: () => number;

  constructor(
    private readonly getJson: GetJson,
    { refreshIntervalMs = DISCOVERY_REFRESH_INTERVAL_MS, now = Date.now }: DiscoveryOptions = {},
  ) {
    this.refreshIntervalMs = refreshIntervalMs;
    this.now = now;
  }

  /** The next lookup that misses refetches the documents, however recent they are. */
  invalidate(): void {
    this.stale = true;
  }

  async resolve(kind: string, apiVersion?: string): Promise<ResourceInfo | undefined> {
    if (this.fetchedAt === -Infinity) this.fetchedAt = this.now();
    const found = await this.lookup(kind, apiVersion);
    if (found || (!this.stale && this.now() - this.fetchedAt < this.refreshIntervalMs)) return found;
    this.stale = false;
    this.fetchedAt = this.now();
    this.byGroupVersion.clear();
    this.preferred = undefined;
    return this.lookup(kind, apiVersion);
  }

  private async lookup(kind: string, apiVersion?: string): Promise<ResourceInfo | undefined> {
    const versions = apiVersion ? [apiVersion] : await this.preferredVersions();
    for (const gv of versions) {
      const match = (await this.resources(gv)).find((r) => r.kind === kind);
      if (match) return match;
    }
    return undefined;
  }

  /** "v1" first, then every group's preferred version. */
  private preferredVersions(): Promise<string[]> {
    if (!this.preferred) {
      const p = this.getJson<ApiGroupList>("/apis").then((list) => [
        "v1",
        ...list.groups.map((g) => g.preferredVersion?.groupVersion ?? g.versions[0]?.groupVersion ?? "").filter(Boolean),
      ]);
      // A failed fetch is not cached: the next lookup asks again.
      p.catch(() => {
        if (this.preferred === p) this.preferred = undefined;
      });
      this.preferred = p;
    }
    return this.preferred;
  }

  private resources(gv: string): Promise<ResourceInfo[]> {
    let p = this.byGroupVersion.get(gv);
    if (!p) {
      const [group, version] = gv.includes("/") ? (gv.split("/") as [string, string]) : ["", gv];
      const path = group ? `/apis/${gv}` : `/api/${gv}`;
      const served = this.getJson<{ resources: ApiResource[] }>(path).catch((e: unknown) => {
        if ((e as { code?: unknown }).code === 404) return { resources: [] };
        throw e;
      });
      p = served.then((list) => {
        const subs = new Map<string, string[]>();
        for (const r of list.resources) {
          const [base, sub] = r.name.split("/");
          if (base && sub) subs.set(base, [...(subs.get(base) ?? []), sub]);
        }
        return list.resources
          .filter((r) => !r.name.includes("/"))
          .map((r) => ({ kind: r.kind, group, version, apiVersion: gv, plural: r.name, namespaced: r.namespaced, subresources: subs.get(r.name) ?? [] }));
      });
      p.catch(() => this.byGroupVersion.delete(gv));
      this.byGroupVersion.set(gv, p);
    }
    return p;
  }
}
