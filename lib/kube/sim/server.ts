// The HTTP front of the simulator: Kubernetes REST paths, discovery, Table printing, watches,
// pod logs and optional bearer-token auth.
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { parse as parseYaml } from "yaml";
import type { ClusterApi, DeleteOptions, Propagation } from "./api";
import { withType } from "./api";
import { toServed } from "./convert";
import { ApiError, badRequest } from "./errors";
import { labelsOf, obj, str, type Obj } from "./json";
import { containerLines, pickContainer, renderLogs } from "./logs";
import { CRD } from "./crd";
import { SERVER_VERSION, coreVersions, groupVersion, sameType, servedIn, type Registry, type ResourceType } from "./registry";
import { matches, parseLabelSelector } from "./selectors";
import type { StoreEvent } from "./store";
import { openApiDoc, openApiRoot } from "./openapi";
import { toTable, type IncludeObject } from "./tables";

const MAX_BODY = 3 * 1024 * 1024;

export interface HandlerOptions {
  api: ClusterApi;
  token?: string;
  logIntervalMs: number;
  /** The address clients reach the server on (for /api's serverAddressByClientCIDRs). */
  address: () => string;
  /** The interface the server listens on: accepted as a Host name besides the loopback names. */
  host?: string;
}

/** Names a client on this machine reaches loopback by; any other Host (DNS rebinding: evil.example resolving to 127.0.0.1) is refused. */
const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "::1"]);

/** The host name of a Host header (`name:port`, `[v6]:port`), lower-cased; undefined when malformed. */
function hostName(header: string | undefined): string | undefined {
  const m = /^(?:\[([0-9a-f:.]+)\]|([^:[\]]+))(?::\d{1,5})?$/i.exec(header ?? "");
  return (m?.[1] ?? m?.[2])?.toLowerCase().replace(/\.$/, "");
}

interface Route {
  rt: ResourceType;
  /** The version the request names (the storage version or one the resource is converted to). */
  version: string;
  ns?: string;
  name?: string;
  sub?: string;
}

function digest(s: string): Buffer {
  return createHash("sha256").update(s).digest();
}

export class SimHandler {
  private readonly streams = new Set<ServerResponse>();
  private readonly cleanups = new Set<() => void>();

  constructor(private readonly opts: HandlerOptions) {}

  /** Ends open watches and log streams. */
  close(): void {
    for (const c of this.cleanups) c();
    this.cleanups.clear();
    for (const s of this.streams) s.end();
    this.streams.clear();
  }

  handle = (req: IncomingMessage, res: ServerResponse): void => {
    this.serve(req, res).catch((e: unknown) => {
      const err = e instanceof ApiError ? e : new ApiError("InternalError", `Internal error occurred: ${(e as Error).message}`);
      if (!(e instanceof ApiError)) console.error("[sim] internal error:", e);
      if (!res.headersSent) sendJson(res, err.code, err.toStatus());
      else res.end();
    });
  };

  private authorized(req: IncomingMessage): boolean {
    if (!this.opts.token) return true;
    const header = req.headers.authorization ?? "";
    const m = /^Bearer\s+(.+)$/i.exec(header);
    return !!m?.[1] && timingSafeEqual(digest(m[1].trim()), digest(this.opts.token));
  }

  private allowedHost(req: IncomingMessage): boolean {
    const name = hostName(req.headers.host);
    return name !== undefined && (LOOPBACK_HOSTS.has(name) || name === this.opts.host?.toLowerCase());
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (!this.allowedHost(req)) throw new ApiError("Forbidden", `Forbidden: the Host header ${JSON.stringify(req.headers.host ?? "")} is not a loopback name`);
    if (!this.authorized(req)) throw new ApiError("Unauthorized", "Unauthorized");
    const path = url.pathname.replace(/\/+$/, "") || "/";
    const segs = path.split("/").filter(Boolean).map(decodeURIComponent);
    const method = req.method ?? "GET";

    if (path === "/version") return sendJson(res, 200, SERVER_VERSION);
    if (["/healthz", "/livez", "/readyz"].includes(path)) return sendText(res, 200, "ok");
    if (path === "/api") return sendJson(res, 200, coreVersions(this.opts.address()));
    const registry = this.opts.api.registry;
    if (path === "/apis") return sendJson(res, 200, registry.apiGroupList());
    if (path === "/openapi/v3") return sendJson(res, 200, openApiRoot(registry));
    if (segs[0] === "openapi" && segs[1] === "v3") {
      const doc = segs[2] === "api" ? openApiDoc("", segs[3] ?? "", registry) : openApiDoc(segs[3] ?? "", segs[4] ?? "", registry);
      if (!doc) throw new ApiError("NotFound", "the server could not find the requested resource");
      return sendJson(res, 200, doc);
    }

    let group: string;
    let version: string;
    let rest: string[];
    if (segs[0] === "api" && segs[1]) {
      [group, version, rest] = ["", segs[1], segs.slice(2)];
    } else if (segs[0] === "apis" && segs[1]) {
      if (!segs[2]) {
        const doc = registry.apiGroupDoc(segs[1]);
        if (!doc) throw new ApiError("NotFound", "the server could not find the requested resource");
        return sendJson(res, 200, doc);
      }
      [group, version, rest] = [segs[1], segs[2], segs.slice(3)];
    } else {
      throw new ApiError("NotFound", "the server could not find the requested resource");
    }
    if (rest.length === 0) {
      const doc = registry.apiResourceList(group, version);
      if (!doc) throw new ApiError("NotFound", "the server could not find the requested resource");
      return sendJson(res, 200, doc);
    }
    const route = resolveRoute(registry, group, version, rest);
    const q = url.searchParams;
    const api = this.opts.api;
    const { rt, ns, name, sub } = route;
    const served = (o: Obj): Obj => toServed(rt, o, version);
    const dryRun = q.get("dryRun") === "All";
    const manager = q.get("fieldManager") ?? managerFromUserAgent(req.headers["user-agent"]);
    const fieldValidation = q.get("fieldValidation");
    const listOptions = { labelSelector: q.get("labelSelector"), fieldSelector: q.get("fieldSelector"), version };

    if (sub && !rt.subresources.includes(sub as "status")) throw new ApiError("NotFound", "the server could not find the requested resource");

    switch (method) {
      case "GET": {
        if (!name) {
          if (isTrue(q.get("watch"))) return this.watch(req, res, route, q);
          const items = api.list(rt, ns, listOptions);
          return this.sendObjects(req, res, route, items.map(served), q);
        }
        if (sub === "log") return this.logs(res, route, q);
        if (sub === "scale") return sendJson(res, 200, api.getScale(rt, ns, name));
        return this.sendObjects(req, res, route, [served(api.get(rt, ns, name))], q, true);
      }
      case "POST": {
        if (name) throw new ApiError("MethodNotAllowed", `the server does not allow this method on the requested resource`);
        const created = api.create(rt, ns, await readBody(req), { manager, dryRun, version, fieldValidation });
        return sendJson(res, 201, served(created));
      }
      case "PUT": {
        if (!name) throw new ApiError("MethodNotAllowed", "the server does not allow this method on the requested resource");
        const subresource = sub === "status" || sub === "scale" ? sub : undefined;
        const updated = api.update(rt, ns, name, await readBody(req), { manager, dryRun, version, fieldValidation, ...(subresource ? { subresource } : {}) });
        return sendJson(res, 200, subresource === "scale" ? updated : served(updated));
      }
      case "PATCH": {
        if (!name) throw new ApiError("MethodNotAllowed", "the server does not allow this method on the requested resource");
        const contentType = (req.headers["content-type"] ?? "").split(";")[0]?.trim() ?? "";
        const raw = await readText(req);
        const force = q.has("force") ? isTrue(q.get("force")) : undefined;
        const subresource = sub === "status" || sub === "scale" ? sub : undefined;
        const existed = !!api.find(rt, ns, name);
        const out = api.patch(rt, ns, name, raw, {
          manager: q.get("fieldManager") ?? (contentType === "application/apply-patch+yaml" ? "" : manager),
          contentType,
          dryRun,
          version,
          fieldValidation,
          ...(force !== undefined ? { force } : {}),
          ...(subresource ? { subresource } : {}),
        });
        return sendJson(res, existed ? 200 : 201, subresource === "scale" ? out : served(out));
      }
      case "DELETE": {
        const body = await readBody(req, true);
        const opts = deleteOptions(q, body, dryRun);
        if (!name) {
          const items = api.list(rt, ns, listOptions);
          for (const o of items) api.delete(rt, str(obj(o.metadata).namespace), str(obj(o.metadata).name) ?? "", opts);
          return sendJson(res, 200, listOf(route, items.map(served), api.store.resourceVersion));
        }
        return sendJson(res, 200, served(api.delete(rt, ns, name, opts)));
      }
      default:
        throw new ApiError("MethodNotAllowed", "the server does not allow this method on the requested resource");
    }
  }

  private sendObjects(req: IncomingMessage, res: ServerResponse, route: Route, items: Obj[], q: URLSearchParams, single = false): void {
    const table = tableVersion(req.headers.accept);
    const rv = this.opts.api.store.resourceVersion;
    if (table) return sendJson(res, 200, toTable(route.rt, route.version, items, rv, table, includeObject(q)));
    const first = items[0];
    if (single && first) return sendJson(res, 200, first);
    sendJson(res, 200, listOf(route, items, rv));
  }

  private watch(req: IncomingMessage, res: ServerResponse, route: Route, q: URLSearchParams): void {
    const { rt, ns, version } = route;
    const labels = parseLabelSelector(q.get("labelSelector"));
    const listOptions = { labelSelector: q.get("labelSelector"), fieldSelector: q.get("fieldSelector"), version };
    const fields = this.opts.api.fieldFilter(rt, q.get("fieldSelector"), version);
    const table = tableVersion(req.headers.accept);
    const include = includeObject(q);
    const rv = q.get("resourceVersion");
    const store = this.opts.api.store;
    const replay = rv && rv !== "0" ? store.changesSince(Number(rv)) : [];
    if (!replay) throw new ApiError("Expired", `too old resource version: ${rv ?? ""} (${store.resourceVersion})`);
    res.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "no-cache, private" });
    res.flushHeaders();
    this.streams.add(res);
    const send = (type: string, stored: Obj): void => {
      const o = toServed(rt, stored, version);
      const object = table ? toTable(rt, version, [o], str(obj(o.metadata).resourceVersion) ?? "", table, include) : o;
      res.write(`${JSON.stringify({ type, object })}\n`);
    };
    let timer: NodeJS.Timeout | undefined;
    let unsubscribe = (): void => {};
    const cleanup = (): void => {
      unsubscribe();
      if (timer) clearTimeout(timer);
      this.cleanups.delete(cleanup);
      this.streams.delete(res);
    };
    const end = (): void => {
      cleanup();
      res.end();
    };
    let ended = false;
    const listener = (e: StoreEvent): void => {
      if (ended) return;
      // A custom resource's watch ends with its CRD (after the DELETED events of its objects).
      if (rt.custom && e.type === "DELETED" && e.rt === CRD && obj(e.object.metadata).name === rt.custom.crd) {
        ended = true;
        return end();
      }
      if (!sameType(e.rt, rt)) return;
      if (ns && rt.namespaced && obj(e.object.metadata).namespace !== ns) return;
      if (!matches(labels, labelsOf(e.object)) || !fields(e.object)) return;
      send(e.type, withType(rt, e.object));
    };
    if (!rv || rv === "0") {
      for (const o of this.opts.api.list(rt, ns, listOptions)) send("ADDED", o);
    }
    for (const e of replay) listener(e);
    if (ended) return;
    unsubscribe = store.onChange(listener);
    this.cleanups.add(cleanup);
    const timeout = Number(q.get("timeoutSeconds") ?? "0");
    if (timeout > 0) timer = setTimeout(end, timeout * 1000);
    req.on("close", cleanup);
  }

  private logs(res: ServerResponse, route: Route, q: URLSearchParams): void {
    const { rt, ns, name = "" } = route;
    const api = this.opts.api;
    const pod = api.get(rt, ns, name);
    const container = pickContainer(pod, q.get("container"));
    const interval = this.opts.logIntervalMs;
    const query = {
      sinceTime: q.get("sinceTime"),
      sinceSeconds: q.get("sinceSeconds"),
      tailLines: q.get("tailLines"),
      timestamps: q.get("timestamps"),
      previous: q.get("previous"),
      limitBytes: q.get("limitBytes"),
    };
    const lines = containerLines(pod, container, interval);
    const text = renderLogs(lines, query);
    if (!isTrue(q.get("follow"))) return sendText(res, 200, text);
    res.writeHead(200, { "Content-Type": "text/plain" });
    res.flushHeaders();
    res.write(text);
    this.streams.add(res);
    let last = lines[lines.length - 1]?.time ?? 0;
    const timer = setInterval(() => {
      const current = api.find(rt, ns, name);
      if (!current) return cleanup(true);
      const fresh = containerLines(current, container, interval).filter((l) => l.time > last);
      const lastLine = fresh[fresh.length - 1];
      if (lastLine) last = lastLine.time;
      res.write(renderLogs(fresh, { timestamps: query.timestamps }));
    }, Math.min(interval, 1000));
    const cleanup = (end = false): void => {
      clearInterval(timer);
      this.cleanups.delete(cleanup);
      this.streams.delete(res);
      if (end) res.end();
    };
    this.cleanups.add(cleanup);
    res.on("close", () => cleanup());
  }
}

function resolveRoute(registry: Registry, group: string, version: string, rest: string[]): Route {
  const unknown = (): never => {
    throw new ApiError("NotFound", "the server could not find the requested resource");
  };
  if (!registry.types.some((r) => r.group === group && servedIn(r, version))) unknown();
  const [a, b, c, d, e] = rest;
  if (a === "namespaces" && b && c) {
    const rt = registry.findByPlural(group, version, c);
    if (rt?.namespaced) return { rt, version, ns: b, ...(d ? { name: d } : {}), ...(e ? { sub: e } : {}) };
    if (group === "" && (c === "status" || c === "finalize") && !d) {
      return { rt: registry.findByPlural("", "v1", "namespaces") ?? unknown(), version, name: b, sub: c === "finalize" ? "status" : c };
    }
    return unknown();
  }
  const rt = (a && registry.findByPlural(group, version, a)) || unknown();
  if (rest.length > 3) unknown();
  if (rt.namespaced && b) unknown();
  return { rt, version, ...(b ? { name: b } : {}), ...(c ? { sub: c } : {}) };
}

function isTrue(v: string | null): boolean {
  return v === "true" || v === "1";
}

function managerFromUserAgent(ua: string | undefined): string {
  return (ua ?? "unknown").split("/")[0]?.trim() || "unknown";
}

function tableVersion(accept: string | undefined): string | undefined {
  if (!accept || !accept.includes("as=Table")) return undefined;
  return /as=Table;[^,]*v=v1(;|,|$)/.test(accept) || /v=v1;[^,]*as=Table/.test(accept) ? "v1" : "v1beta1";
}

function includeObject(q: URLSearchParams): IncludeObject {
  const v = q.get("includeObject");
  return v === "None" || v === "Object" ? v : "Metadata";
}

function listOf({ rt, version }: Route, items: Obj[], resourceVersion: string): Obj {
  return {
    kind: rt.custom?.listKind ?? `${rt.kind}List`,
    apiVersion: groupVersion({ group: rt.group, version }),
    metadata: { resourceVersion },
    items: items.map((o) => {
      const { apiVersion: _a, kind: _k, ...rest } = o;
      return rest;
    }),
  };
}

function deleteOptions(q: URLSearchParams, body: unknown, dryRun: boolean): DeleteOptions {
  const b = obj(body);
  const policy = q.get("propagationPolicy") ?? str(b.propagationPolicy);
  const orphan = q.get("orphanDependents") ?? b.orphanDependents;
  const propagationPolicy: Propagation | undefined =
    policy === "Orphan" || policy === "Foreground" || policy === "Background" ? policy : orphan === true || orphan === "true" ? "Orphan" : undefined;
  const pre = obj(b.preconditions);
  return {
    ...(propagationPolicy ? { propagationPolicy } : {}),
    preconditions: {
      ...(str(pre.uid) ? { uid: str(pre.uid) } : {}),
      ...(str(pre.resourceVersion) ? { resourceVersion: str(pre.resourceVersion) } : {}),
    },
    dryRun: dryRun || (Array.isArray(b.dryRun) && b.dryRun.includes("All")),
  };
}

async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY) throw new ApiError("RequestEntityTooLarge", "Request entity too large: limit is 3145728");
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString("utf8");
}

async function readBody(req: IncomingMessage, optional = false): Promise<unknown> {
  const text = await readText(req);
  if (!text.trim()) {
    if (optional) return undefined;
    throw badRequest("the body of the request was empty");
  }
  const type = req.headers["content-type"] ?? "";
  if (type.includes("protobuf") || type.includes("cbor")) {
    throw new ApiError(
      "UnsupportedMediaType",
      `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml`,
    );
  }
  try {
    return type.includes("yaml") ? parseYaml(text, { maxAliasCount: 100 }) : JSON.parse(text);
  } catch (e) {
    throw badRequest(`the body of the request could not be decoded: ${(e as Error).message}`);
  }
}

function sendJson(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

function sendText(res: ServerResponse, code: number, text: string): void {
  res.writeHead(code, { "Content-Type": "text/plain", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

