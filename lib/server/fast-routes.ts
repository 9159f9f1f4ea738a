import { GET as listConfigs } from "@/app/api/v1/control_plane/configs/route";
import { GET as getConfig } from "@/app/api/v1/control_plane/configs/[object]/route";
import { GET as listPatches } from "@/app/api/v1/control_plane/patches/route";
import { GET as patchesFor } from "@/app/api/v1/control_plane/patches/[target]/route";

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
export type FastRouter = (method: string | undefined, pathname: string) => FastRoute | null;

/**
 * A matcher over the app's routes (every route path of the build): like Next.js, a static route
 * wins over a dynamic one (`patches/search` is not the patches of an object named "search"). A
 * fast route missing from the build stops start-up: the table is out of date.
 */
export function createFastRouter(appRoutes: Iterable<string>): FastRouter {
  const all = new Set(appRoutes);
  for (const route of Object.keys(FAST_ROUTES)) {
    if (!all.has(route)) throw new Error(`fast route ${route} is not a route of this build`);
  }
  const staticRoutes = new Set([...all].filter((route) => !route.includes("[")));
  const dynamic = Object.entries(FAST_ROUTES)
    .filter(([route]) => route.includes("["))
    .map(([route, handler]) => ({ segments: route.split("/"), handler }));
  return (method, pathname) => {
    if (method !== "GET") return null;
    if (staticRoutes.has(pathname)) {
      const handler = FAST_ROUTES[pathname];
      return handler ? { handler, params: {} } : null;
    }
    const parts = pathname.split("/");
    for (const route of dynamic) {
      if (route.segments.length !== parts.length) continue;
      const params = matchSegments(route.segments, parts);
      if (params) return { handler: route.handler, params };
    }
    return null;
  };
}

function matchSegments(segments: string[], parts: string[]): Record<string, string> | null {
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const part = parts[i]!;
    if (!segment.startsWith("[")) {
      if (segment !== part) return null;
      continue;
    }
    if (part === "") return null;
    try {
      params[segment.slice(1, -1)] = decodeURIComponent(part);
    } catch {
      return null; // malformed escapes: Next.js answers those
    }
  }
  return params;
}
