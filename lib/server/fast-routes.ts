import { GET as listConfigs } from "@/app/api/v1/control_plane/configs/route";
import { GET as getConfig } from "@/app/api/v1/control_plane/configs/[object]/route";
import { GET as listPatches } from "@/app/api/v1/control_plane/patches/route";
import { GET as patchesFor } from "@/app/api/v1/control_plane/patches/[target]/route";
import type { RouteMatch } from "./route-match";

/**
 * The config store's hot reads, served by lib/server/app-server.ts without Next.js's request
 * pipeline (routing, rewrites, header rules, async contexts: ~1 ms of CPU per request, which caps
 * this 2-core machine near 1,000 requests/s on a route that does nothing). They call the very
 * same route handlers (`withHandler`: auth, throttling, errors, request stats); everything else,
 * console pages included, goes to Next.js.
 */

type RouteHandler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** Route paths as Next.js names them (app-path-routes-manifest.json), with their GET handlers. */
const FAST_ROUTES: Record<string, RouteHandler> = {
  "/api/v1/control_plane/configs": listConfigs as RouteHandler,
  "/api/v1/control_plane/configs/[object]": getConfig as RouteHandler,
  "/api/v1/control_plane/patches": listPatches as RouteHandler,
  "/api/v1/control_plane/patches/[target]": patchesFor as RouteHandler,
};

export type FastRoute = { handler: RouteHandler; params: Record<string, string> };
export type FastRouter = (method: string | undefined, match: RouteMatch | null) => FastRoute | null;

/**
 * The fast route of a GET request, given the app route its path matched (route-match.ts: like
 * Next.js, a static route wins over a dynamic one, so `patches/search` is not the patches of an
 * object named "search"). A fast route missing from the build stops start-up: the table is out of date.
 */
export function createFastRouter(appRoutes: Iterable<string>): FastRouter {
  const all = new Set(appRoutes);
  for (const route of Object.keys(FAST_ROUTES)) {
    if (!all.has(route)) throw new Error(`fast route ${route} is not a route of this build`);
  }
  return (method, match) => {
    const handler = method === "GET" && match ? FAST_ROUTES[match.route] : undefined;
    return handler && match ? { handler, params: match.params as Record<string, string> } : null;
  };
}
