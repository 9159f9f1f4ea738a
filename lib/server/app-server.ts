import fs from "node:fs";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import path from "node:path";
import { promisify } from "node:util";
import zlib from "node:zlib";
import next from "next";
import { methodNotAllowed } from "@/lib/api/method-not-allowed";
import { cachedBody, serveDirectly } from "@/lib/api/responses";
import { type FastRoute, createFastRouter } from "./fast-routes";
import { type RouteMatch, createRouteMatcher } from "./route-match";

/**
 * The app's HTTP server: Next.js (custom-server mode, on the production build in `dir`) for the
 * console and the API, except the hot reads of fast-routes.ts, which run their route handlers
 * directly, and methods a route handler does not export: those get the token check of the API
 * and a 405 JSON answer with an Allow header (lib/api/method-not-allowed.ts) from here, where
 * Next.js would answer a bare 405 without checking anything. Responses of all three carry the
 * same header rules (next.config.ts `headers()`, read back from the build's routes manifest) and
 * the same compression (gzip over 1 KiB when accepted).
 */

type HeaderRule = { regex: string; headers: { key: string; value: string }[] };
type BuildManifests = {
  config: Record<string, unknown>;
  headerRules: { regex: RegExp; headers: HeaderRule["headers"] }[];
  routes: string[];
  /** The methods each route handler exports, by route path. */
  methods: Record<string, string[]>;
};

/** Compiled into the bundle by scripts/build-server.mjs, from the route handlers' sources. */
declare const __DM_ROUTE_METHODS__: Record<string, string[]>;

/** Routes under this path need the Token header (or the console's session), whatever the method. */
const TOKEN_ROUTES = "/api/v1/control_plane";
/** Methods fetch's Request refuses to carry; refused like any other method the route lacks. */
const NOT_FETCH_METHODS = new Set(["TRACE", "TRACK"]);

const gzip = promisify(zlib.gzip);
const COMPRESS_MIN_BYTES = 1024;

export type AppServer = { server: http.Server; close(): Promise<void> };

export async function startAppServer(options: { dir: string; port: number; hostname: string }): Promise<AppServer> {
  const manifests = readManifests(options.dir);
  // What .next/standalone/server.js does: the build's serialized config, no next.config.ts at run time.
  process.env.__NEXT_PRIVATE_STANDALONE_CONFIG ??= JSON.stringify(manifests.config);
  const app = next({ dev: false, dir: options.dir, hostname: options.hostname, port: options.port, conf: manifests.config });
  const handle = app.getRequestHandler();
  const matchRoute = createRouteMatcher(manifests.routes);
  const fastRoute = createFastRouter(manifests.routes);
  await app.prepare();

  const server = http.createServer((req, res) => {
    const pathname = pathOf(req.url ?? "/");
    const reply = (): Reply => ({ req, res, headers: ruleHeaders(manifests, pathname) });
    if (!wellFormed(pathname)) return void sendError(reply(), 400, "Malformed URL: invalid percent-encoding in the path");
    const match = matchRoute(pathname);
    // An object reference spanning segments (`/configs/service/frontend`) reaches Next.js as one.
    if (match?.pathname !== undefined) req.url = match.pathname + (req.url ?? "").slice(pathname.length);
    const fast = fastRoute(req.method, match) ?? refusal(manifests, req.method ?? "GET", match);
    if (fast) void serveFast(fast, reply());
    else void handle(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.hostname, () => resolve());
  });
  return {
    server,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await app.close();
    },
  };
}

function readManifests(dir: string): BuildManifests {
  const read = (name: string) => JSON.parse(fs.readFileSync(path.join(dir, ".next", name), "utf8")) as Record<string, unknown>;
  const routes = read("routes-manifest.json") as { headers?: HeaderRule[] };
  const appRoutes = Object.values(read("app-path-routes-manifest.json") as Record<string, string>);
  const methods = __DM_ROUTE_METHODS__;
  const unknown = appRoutes.filter((route) => route.startsWith("/api/") && !methods[route]);
  if (unknown.length) throw new Error(`the server bundle does not know the routes ${unknown.join(", ")}: run node scripts/build-server.mjs`);
  return {
    config: (read("required-server-files.json") as { config: Record<string, unknown> }).config,
    headerRules: (routes.headers ?? []).map((rule) => ({ regex: new RegExp(rule.regex), headers: rule.headers })),
    routes: appRoutes,
    methods,
  };
}

/** A request for a method its route handler does not export (HEAD is GET's when there is one). */
function refusal(manifests: BuildManifests, method: string, match: RouteMatch | null): FastRoute | null {
  const allowed = match && manifests.methods[match.route];
  if (!allowed || allowed.includes(method) || (method === "HEAD" && allowed.includes("GET"))) return null;
  const handler = methodNotAllowed(method, allowed, { auth: match.route.startsWith(TOKEN_ROUTES) });
  return { handler, params: match.params as Record<string, string> };
}

function pathOf(url: string): string {
  const query = url.indexOf("?");
  return query < 0 ? url : url.slice(0, query);
}

/** Next.js answers 500 to a path it cannot decode; it is the client's error. */
function wellFormed(pathname: string): boolean {
  if (!pathname.includes("%")) return true;
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

/** A request this server answers itself, and the headers next.config.ts's rules give its path. */
type Reply = { req: IncomingMessage; res: ServerResponse; headers: Record<string, string> };

function ruleHeaders(manifests: BuildManifests, pathname: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const rule of manifests.headerRules) {
    if (rule.regex.test(pathname)) for (const h of rule.headers) headers[h.key.toLowerCase()] = h.value;
  }
  return headers;
}

function sendError(reply: Reply, status: number, message: string): Promise<void> {
  const body = JSON.stringify({ statusCode: status, data: null, error: message });
  return send(reply, new Response(body, { status, headers: { "content-type": "application/json" } }));
}

async function serveFast(route: FastRoute, reply: Reply): Promise<void> {
  try {
    const response = await route.handler(toRequest(reply.req), { params: Promise.resolve(route.params) });
    await send(reply, response);
  } catch (error) {
    // withHandler turns every error into a JSON response; this is only a broken socket or a bug here.
    console.error("[server] fast route failed:", (error as Error).message);
    if (reply.res.headersSent) reply.res.destroy();
    else await sendError(reply, 500, "Internal error").catch(() => reply.res.destroy());
  }
}

/**
 * A body-less Web request for the route handler (a GET, or a method it refuses without reading
 * the body). The URL's origin is never trusted or used.
 */
function toRequest(req: IncomingMessage): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else headers.set(name, value);
  }
  // TRACE is refused like a mutation (the same-origin check of the console's session applies).
  const method = NOT_FETCH_METHODS.has(req.method ?? "") ? "POST" : req.method;
  const request = new Request(new URL(req.url ?? "/", "http://localhost"), { method, headers });
  serveDirectly(request);
  return request;
}

/** Cached bodies are immutable: each is compressed once. */
const gzipped = new WeakMap<Uint8Array, Promise<Buffer>>();
function gzipCached(bytes: Uint8Array): Promise<Buffer> {
  let zipped = gzipped.get(bytes);
  if (!zipped) gzipped.set(bytes, (zipped = gzip(bytes)));
  return zipped;
}

async function send({ req, res, headers: ruled }: Reply, response: Response): Promise<void> {
  const cached = cachedBody(response);
  let body: Uint8Array = cached ?? new Uint8Array(await response.arrayBuffer());
  const headers: Record<string, string | string[]> = { ...ruled };
  response.headers.forEach((value, key) => (headers[key] = value));
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers["set-cookie"] = cookies;
  if (body.byteLength >= COMPRESS_MIN_BYTES && /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""))) {
    body = cached ? await gzipCached(cached) : await gzip(body);
    headers["content-encoding"] = "gzip";
    headers.vary = "Accept-Encoding";
  }
  headers["content-length"] = String(body.byteLength);
  res.writeHead(response.status, headers);
  res.end(body);
}
