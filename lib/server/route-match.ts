/**
 * Which of the app's routes (paths as the build's app-path-routes-manifest.json names them:
 * `/api/v1/control_plane/configs/[object]`) a request path belongs to, with Next.js's precedence:
 * at each segment a static name wins over a `[param]`, which wins over a `[...catchAll]` (one or
 * more segments) and `[[...optional]]` (zero or more). Parameters are decoded; a path with a
 * malformed escape where a parameter is, or with an empty segment there, matches nothing.
 *
 *   routes  /patches/search  /patches/[target]  /[...path]
 *   /patches/search → /patches/search · /patches/a%20b → /patches/[target] {target: "a b"}
 *   /patches/a/b → /[...path] {path: ["patches", "a", "b"]}
 */

export type RouteParams = Record<string, string | string[]>;
/** `pathname`: the path with each object reference as one encoded segment, when one spanned several (see below). */
export type RouteMatch = { route: string; params: RouteParams; pathname?: string };

/**
 * Parameters that name an object take its qualified form with its slashes as they are
 * (`/configs/service/frontend`, `/configs/monitoring/role/prometheus-k8s/history`, as well as
 * `/configs/service%2Ffrontend`): such a parameter spans up to three segments, the fewest that
 * make the rest of the path match. The matched path then names it as one encoded segment, which
 * is how Next.js must see it.
 */
const OBJECT_PARAMS = new Set(["object", "target"]);
const MAX_OBJECT_SEGMENTS = 3;
export type RouteMatcher = (pathname: string) => RouteMatch | null;

type Node = {
  route?: string;
  statics: Map<string, Node>;
  dynamic?: { name: string; node: Node };
  catchAll?: { name: string; route: string; optional: boolean };
};

const newNode = (): Node => ({ statics: new Map() });

export function createRouteMatcher(routes: Iterable<string>): RouteMatcher {
  const root = newNode();
  for (const route of routes) insert(root, route);
  return (pathname) => {
    const params: RouteParams = {};
    const spans: Span[] = [];
    const parts = pathname === "/" ? [] : pathname.split("/").slice(1);
    const route = walk(root, parts, 0, params, spans);
    if (route === null) return null;
    if (spans.length === 0) return { route, params };
    let rewritten = parts;
    for (const span of [...spans].sort((a, b) => b.at - a.at)) rewritten = [...rewritten.slice(0, span.at), encodeURIComponent(span.value), ...rewritten.slice(span.at + span.length)];
    return { route, params, pathname: `/${rewritten.join("/")}` };
  };
}

function insert(root: Node, route: string): void {
  let node = root;
  for (const segment of route.split("/").slice(1).filter(Boolean)) {
    const catchAll = /^\[(\[)?\.\.\.([^\]]+)\]\]?$/.exec(segment);
    if (catchAll) {
      node.catchAll = { name: catchAll[2]!, route, optional: Boolean(catchAll[1]) };
      return;
    }
    if (segment.startsWith("[")) {
      node.dynamic ??= { name: segment.slice(1, -1), node: newNode() };
      node = node.dynamic.node;
    } else {
      let next = node.statics.get(segment);
      if (!next) node.statics.set(segment, (next = newNode()));
      node = next;
    }
  }
  node.route = route;
}

type Span = { at: number; length: number; value: string };

function walk(node: Node, parts: string[], i: number, params: RouteParams, spans: Span[]): string | null {
  if (i === parts.length) {
    if (node.route !== undefined) return node.route;
    if (node.catchAll?.optional) {
      params[node.catchAll.name] = [];
      return node.catchAll.route;
    }
    return null;
  }
  const part = parts[i]!;
  const exact = node.statics.get(part);
  const found = exact ? walk(exact, parts, i + 1, params, spans) : null;
  if (found !== null) return found;
  if (part === "") return null;
  if (node.dynamic) {
    const value = decode(part);
    if (value === null) return null;
    const route = walk(node.dynamic.node, parts, i + 1, params, spans);
    if (route !== null) {
      params[node.dynamic.name] = value;
      return route;
    }
    const maxSpan = OBJECT_PARAMS.has(node.dynamic.name) ? Math.min(MAX_OBJECT_SEGMENTS, parts.length - i) : 1;
    for (let length = 2; length <= maxSpan; length++) {
      const segments = parts.slice(i, i + length).map(decode);
      if (segments.some((v) => v === null || v === "")) break;
      const inner: Span[] = [];
      const spanned = walk(node.dynamic.node, parts, i + length, params, inner);
      if (spanned !== null) {
        const joined = segments.join("/");
        params[node.dynamic.name] = joined;
        spans.push({ at: i, length, value: joined }, ...inner);
        return spanned;
      }
    }
  }
  if (node.catchAll) {
    const values = parts.slice(i).map(decode);
    if (values.some((value) => value === null || value === "")) return null;
    params[node.catchAll.name] = values as string[];
    return node.catchAll.route;
  }
  return null;
}

function decode(part: string): string | null {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}
