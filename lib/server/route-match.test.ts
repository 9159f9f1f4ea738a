import { describe, expect, it } from "vitest";
import { createRouteMatcher } from "./route-match";

const match = createRouteMatcher([
  "/",
  "/patches",
  "/patches/search",
  "/patches/[target]",
  "/patches/[target]/history",
  "/a/[x]/c",
  "/a/b/[y]",
  "/api/[...path]",
  "/docs/[[...slug]]",
]);

describe("createRouteMatcher", () => {
  it.each([
    ["the root", "/", { route: "/", params: {} }],
    ["a static route", "/patches", { route: "/patches", params: {} }],
    ["a static name over a parameter", "/patches/search", { route: "/patches/search", params: {} }],
    ["a parameter, decoded", "/patches/a%20b", { route: "/patches/[target]", params: { target: "a b" } }],
    ["a parameter in the middle", "/patches/x/history", { route: "/patches/[target]/history", params: { target: "x" } }],
    ["the static segment first, at each level", "/a/b/c", { route: "/a/b/[y]", params: { y: "c" } }],
    ["back to the parameter when the static branch ends nowhere", "/a/z/c", { route: "/a/[x]/c", params: { x: "z" } }],
    ["a catch-all, one segment", "/api/x", { route: "/api/[...path]", params: { path: ["x"] } }],
    ["a catch-all, several segments, decoded", "/api/x/y%2Fz", { route: "/api/[...path]", params: { path: ["x", "y/z"] } }],
    ["an optional catch-all, no segment", "/docs", { route: "/docs/[[...slug]]", params: { slug: [] } }],
    ["an optional catch-all, segments", "/docs/a/b", { route: "/docs/[[...slug]]", params: { slug: ["a", "b"] } }],
    [
      "an object reference with its slashes (kind/name), as one encoded segment",
      "/patches/service/frontend",
      { route: "/patches/[target]", params: { target: "service/frontend" }, pathname: "/patches/service%2Ffrontend" },
    ],
    [
      "namespace/kind/name before a static tail",
      "/patches/monitoring/role/prometheus-k8s/history",
      { route: "/patches/[target]/history", params: { target: "monitoring/role/prometheus-k8s" }, pathname: "/patches/monitoring%2Frole%2Fprometheus-k8s/history" },
    ],
    ["the fewest segments first: a static tail wins", "/patches/frontend/history", { route: "/patches/[target]/history", params: { target: "frontend" } }],
    ["an encoded reference stays one segment", "/patches/service%2Ffrontend", { route: "/patches/[target]", params: { target: "service/frontend" } }],
  ])("matches %s", (_, pathname, expected) => {
    expect(match(pathname)).toEqual(expected);
  });

  it.each([
    ["an unknown path", "/nothing"],
    ["a catch-all without a segment", "/api"],
    ["a trailing slash", "/patches/"],
    ["an empty segment", "/patches//history"],
    ["a malformed escape where a parameter is", "/patches/%E0%A4%A"],
    ["more segments than an object reference spans", "/patches/a/b/c/d/e"],
  ])("matches nothing for %s", (_, pathname) => {
    expect(match(pathname)).toBeNull();
  });
});
