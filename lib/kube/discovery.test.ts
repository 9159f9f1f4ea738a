// Discovery's cache: a kind the server does not serve refetches the documents at most once per interval.
import { describe, expect, it } from "vitest";
import { Discovery, type GetJson } from "./discovery";

/** A discovery server of core v1 and apps/v1 that counts the requests it answers. */
function fakeServer() {
  const docs: Record<string, { resources: { name: string; kind: string; namespaced: boolean }[] }> = {
    "/api/v1": { resources: [{ name: "pods", kind: "Pod", namespaced: true }] },
    "/apis/apps/v1": { resources: [{ name: "deployments", kind: "Deployment", namespaced: true }] },
  };
  const groups = [{ name: "apps", versions: [{ groupVersion: "apps/v1", version: "v1" }] }];
  const server = {
    requests: 0,
    failApis: false,
    installWidgets() {
      groups.push({ name: "example.com", versions: [{ groupVersion: "example.com/v1", version: "v1" }] });
      docs["/apis/example.com/v1"] = { resources: [{ name: "widgets", kind: "Widget", namespaced: true }] };
    },
    getJson: (async (path: string) => {
      server.requests++;
      if (path === "/apis") {
        if (server.failApis) throw new Error("connection reset");
        return { groups };
      }
      const doc = docs[path];
      if (!doc) throw Object.assign(new Error(`404 ${path}`), { code: 404 });
      return doc;
    }) as GetJson,
  };
  return server;
}

describe("Discovery", () => {
  it("refetches for an unknown kind at most once per interval, and finds a kind installed since", async () => {
    const server = fakeServer();
    let now = 1_000_000;
    const discovery = new Discovery(server.getJson, { refreshIntervalMs: 5_000, now: () => now });
    expect(await discovery.resolve("Deployment")).toMatchObject({ apiVersion: "apps/v1", plural: "deployments" });
    const afterFirst = server.requests;
    expect(afterFirst).toBe(3);

    expect(await discovery.resolve("Widget")).toBeUndefined();
    for (let i = 0; i < 20; i++) expect(await discovery.resolve("Widget")).toBeUndefined();
    expect(server.requests).toBe(afterFirst);

    server.installWidgets();
    now += 5_000;
    expect(await discovery.resolve("Widget")).toMatchObject({ apiVersion: "example.com/v1", plural: "widgets" });
    expect(server.requests).toBe(afterFirst + 4);
    expect(await discovery.resolve("Gadget")).toBeUndefined();
    expect(server.requests).toBe(afterFirst + 4);
  });

  it("after invalidate(), a miss refetches at once (a CRD was just applied); a group version that answers 404 serves nothing", async () => {
    const server = fakeServer();
    let now = 1_000_000;
    const discovery = new Discovery(server.getJson, { refreshIntervalMs: 5_000, now: () => now });
    expect(await discovery.resolve("Widget", "example.com/v1")).toBeUndefined();
    server.installWidgets();
    now += 1_000;
    expect(await discovery.resolve("Widget", "example.com/v1")).toBeUndefined();
    discovery.invalidate();
    expect(await discovery.resolve("Deployment")).toMatchObject({ apiVersion: "apps/v1" });
    expect(await discovery.resolve("Widget", "example.com/v1")).toMatchObject({ plural: "widgets" });
    expect(await discovery.resolve("Gadget")).toBeUndefined();
    const requests = server.requests;
    expect(await discovery.resolve("Gadget")).toBeUndefined();
    expect(server.requests).toBe(requests);
  });

  it("does not keep a failed /apis fetch", async () => {
    const server = fakeServer();
    const discovery = new Discovery(server.getJson);
    server.failApis = true;
    await expect(discovery.resolve("Deployment")).rejects.toThrow("connection reset");
    server.failApis = false;
    expect(await discovery.resolve("Deployment")).toMatchObject({ apiVersion: "apps/v1" });
  });
});
