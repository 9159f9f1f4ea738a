import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createFastRouter } from "./fast-routes";
import { createRouteMatcher } from "./route-match";

const API = "/api/v1/control_plane";

/** The app's route paths, as the build's app-path-routes-manifest.json lists them. */
function appRoutes(dir: string, prefix = ""): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) out.push(...appRoutes(path.join(dir, entry.name), `${prefix}/${entry.name}`));
    else if (entry.name === "route.ts") out.push(prefix);
  }
  return out;
}

const routes = appRoutes(path.resolve(import.meta.dirname, "../../app/api"), "/api");
const matchRoute = createRouteMatcher(routes);
const fastRoute = createFastRouter(routes);
const match = (method: string, pathname: string) => fastRoute(method, matchRoute(pathname));

describe("the fast router", () => {
  it("matches the hot reads and captures decoded parameters", () => {
    expect(match("GET", `${API}/configs`)?.params).toEqual({});
    expect(match("GET", `${API}/configs/deployment-api`)?.params).toEqual({ object: "deployment-api" });
    expect(match("GET", `${API}/patches/a%20b`)?.params).toEqual({ target: "a b" });
    expect(match("GET", `${API}/patches`)?.params).toEqual({});
  });

  it("leaves everything else to Next.js, static routes first as Next.js does", () => {
    for (const [method, pathname] of [
      ["POST", `${API}/configs`],
      ["HEAD", `${API}/configs`],
      ["DELETE", `${API}/patches/123`],
      ["GET", `${API}/configs/`],
      ["GET", `${API}/configs/k8s-inconsistencies`],
      ["GET", `${API}/patches/search`],
      ["GET", `${API}/patches/apply`],
      ["GET", `${API}/configs/x/provenance`],
      ["GET", `${API}/configs/%E0%A4%A`],
      ["GET", `${API}/base_configs`],
      ["GET", "/configs/x"],
      ["GET", "/"],
    ] as const) {
      expect(match(method, pathname), `${method} ${pathname}`).toBeNull();
    }
  });

  it("refuses to start when a fast route is not a route of the build", () => {
    expect(() => createFastRouter([`${API}/configs`])).toThrow(/not a route of this build/);
  });
});
