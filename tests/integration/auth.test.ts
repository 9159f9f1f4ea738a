import fs from "node:fs";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import { call } from "../support/http";

// Every API route refuses requests without a valid Token header; the console's session cookie
// works too, with a same-origin check on mutations.

/** Every method of every route file under app/api/v1/control_plane, with sample path parameters. */
const API_DIR = path.resolve(import.meta.dirname, "../../app/api/v1/control_plane");
const SAMPLE: Record<string, string> = { "[...path]": "no/such/route", "[id]": "00000000-0000-4000-8000-000000000000", "[version]": "1", "[size]": "small" };
const routes: [string, string][] = (fs.readdirSync(API_DIR, { recursive: true }) as string[])
  .filter((file) => path.basename(file) === "route.ts")
  .sort()
  .flatMap((file) => {
    const url = `/${path.dirname(file)}`.replace(/\[[^\]/]+\]/g, (param) => SAMPLE[param] ?? "no-such-name").replace(/\/\.$/, "");
    const methods = [...fs.readFileSync(path.join(API_DIR, file), "utf8").matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\b|\bas (GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => (m[1] ?? m[2])!);
    return methods.map((method): [string, string] => [method, url]);
  });
const MUTATIONS = routes.filter(([method]) => method !== "GET");

/** Every method a route does not export, with the Allow header its 405 must carry. */
const exported = new Map<string, string[]>();
for (const [method, url] of routes) exported.set(url, [...(exported.get(url) ?? []), method]);
const WRONG_METHODS: [string, string, string][] = [...exported].flatMap(([url, methods]) => {
  const allowed = methods.sort();
  return ["GET", "POST", "PUT", "PATCH", "DELETE"].filter((m) => !allowed.includes(m)).map((m): [string, string, string] => [m, url, allowed.join(", ")]);
});

/** Every variant sends a token (or none) that must not authenticate; each request from its own address. */
type Variant = [string, (token: string) => { path?: (p: string) => string; token: string | null }];
const variants: Variant[] = [
  ["no token", () => ({ token: null })],
  ["a wrong token", () => ({ token: "wrong-token-0123456789abcdef" })],
  ["the token in the wrong case", (token) => ({ token: token.toUpperCase() })],
  ["the token with a character more", (token) => ({ token: `${token}x` })],
  ["a 10,000-character token", () => ({ token: "x".repeat(10_000) })],
  ["the token as a query parameter", (token) => ({ token: null, path: (p) => `${p}?Token=${token}&token=${token}` })],
];

describe.each(inject("servers"))("auth on $name", (server) => {
  it("the route list covers the API", () => {
    expect(routes.length).toBeGreaterThan(60);
    expect(routes).toContainEqual(["POST", "/patches/apply"]);
  });

  it.each(variants.map(([name, make], i) => [name, make, i] as const))("%s → 401 JSON on every route", async (_, make, variant) => {
    const failures: string[] = [];
    await Promise.all(
      routes.map(async ([method, route], i) => {
        const { token, path: withQuery } = make(server.token!);
        // The shared servers trust one proxy hop: a distinct client address per request keeps
        // these failures from reaching the per-address limit.
        const headers = { "x-forwarded-for": `10.${100 + variant}.${i >> 8}.${i & 255}` };
        const response = await call(server, method, withQuery ? withQuery(route) : route, { token, headers, json: method === "GET" ? undefined : {} });
        const body = response.body as { statusCode?: number; data?: unknown; error?: string } | null;
        if (response.status !== 401 || body?.statusCode !== 401 || body.data !== null || !/token/i.test(body.error ?? "")) {
          failures.push(`${method} ${route}: ${response.status} ${response.text.slice(0, 120)}`);
        }
        if (response.text.includes(server.token!)) failures.push(`${method} ${route}: the response echoes the token`);
      }),
    );
    expect(failures).toEqual([]);
  });

  describe("a method the route does not export", () => {
    it("is still refused without a token: 401 JSON on every route", async () => {
      expect(WRONG_METHODS.length).toBeGreaterThan(150);
      expect(WRONG_METHODS).toContainEqual(["POST", "/setup", "GET"]);
      const failures: string[] = [];
      await Promise.all(
        WRONG_METHODS.map(async ([method, route], i) => {
          const headers = { "x-forwarded-for": `10.110.${i >> 8}.${i & 255}` };
          const response = await call(server, method, route, { token: null, headers, json: method === "GET" ? undefined : {} });
          const body = response.body as { statusCode?: number; data?: unknown; error?: string } | null;
          if (response.status !== 401 || body?.statusCode !== 401 || body.data !== null || !/token/i.test(body.error ?? "")) {
            failures.push(`${method} ${route}: ${response.status} ${response.text.slice(0, 120)}`);
          }
        }),
      );
      expect(failures).toEqual([]);
    });

    it("with the token: 405 JSON in the error envelope naming the allowed methods, with an Allow header", async () => {
      const failures: string[] = [];
      await Promise.all(
        WRONG_METHODS.map(async ([method, route, allowed]) => {
          const response = await call(server, method, route, { json: method === "GET" ? undefined : {} });
          const expected = { statusCode: 405, data: null, error: `Method ${method} is not allowed on /api/v1/control_plane${route}; allowed: ${allowed}` };
          if (response.status !== 405 || JSON.stringify(response.body) !== JSON.stringify(expected) || response.headers.get("allow") !== allowed) {
            failures.push(`${method} ${route}: ${response.status} allow=${response.headers.get("allow")} ${response.text.slice(0, 160)}`);
          }
        }),
      );
      expect(failures).toEqual([]);
    });

    it("HEAD without GET and other methods (PROPFIND) are 405, OPTIONS answers the Allow header; all need the token; unknown paths stay 404", async () => {
      const head = await call(server, "HEAD", "/database/setup");
      expect(head.status).toBe(405);
      expect(head.headers.get("allow")).toBe("POST");
      expect((await call(server, "HEAD", "/database/setup", { token: null })).status).toBe(401);
      const options = await call(server, "OPTIONS", "/settings");
      expect(options.status).toBe(204);
      expect(options.headers.get("allow")).toBe("GET, POST");
      const anonymous = await call(server, "OPTIONS", "/settings", { token: null });
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get("allow")).toBeNull();
      const propfind = await call(server, "PROPFIND", "/settings");
      expect(propfind.status).toBe(405);
      expect(propfind.body).toMatchObject({ error: "Method PROPFIND is not allowed on /api/v1/control_plane/settings; allowed: GET, POST" });
      expect((await call(server, "PROPFIND", "/settings", { token: null })).status).toBe(401);
      expect((await call(server, "OPTIONS", "/no/such/route")).status).toBe(404);
      expect((await call(server, "OPTIONS", "/no/such/route", { token: null })).status).toBe(401);
    });

    it("public routes outside the API answer 405 JSON without a token", async () => {
      const response = await call({ apiRoot: server.baseUrl, token: null }, "POST", "/api/health", { json: {} });
      expect(response.status).toBe(405);
      expect(response.body).toEqual({ statusCode: 405, data: null, error: "Method POST is not allowed on /api/health; allowed: GET" });
      expect(response.headers.get("allow")).toBe("GET");
    });
  });

  it("wrong tokens are rate-limited per client address (429 + Retry-After), the right token from elsewhere still works", async () => {
    const attacker = { "x-forwarded-for": `10.200.${server.name === "pglite" ? 1 : 2}.1` };
    const elsewhere = { "x-forwarded-for": `10.200.${server.name === "pglite" ? 1 : 2}.2` };
    for (let i = 0; i < 20; i++) {
      expect((await call(server, "GET", "/setup/status", { token: `guess-${i}-0123456789abcdef`, headers: attacker })).status).toBe(401);
    }
    const limited = await call(server, "GET", "/setup/status", { token: "guess-x-0123456789abcdef", headers: attacker });
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ statusCode: 429, data: null, error: expect.stringMatching(/retry in \d+ s/) });
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(300);
    // Guessing stops there: the right token from that address is refused too, and so is sign-in.
    expect((await call(server, "GET", "/setup/status", { headers: attacker })).status).toBe(429);
    const signIn = await call({ apiRoot: server.baseUrl, token: null }, "POST", "/api/console/session", {
      json: { token: server.token },
      headers: { ...attacker, origin: server.baseUrl },
    });
    expect(signIn.status).toBe(429);
    expect((await call(server, "GET", "/setup/status", { headers: elsewhere })).status).toBe(200);
    expect((await call(server, "GET", "/setup/status")).status).toBe(200);
  });

  it("accepts the right token, whatever the header name's case", async () => {
    const response = await call(server, "GET", "/setup/status", { token: null, headers: { tOkEn: server.token! } });
    expect(response.status).toBe(200);
  });

  describe("console session", () => {
    const origin = server.baseUrl;
    const session = (extra: Record<string, string> = {}) =>
      call({ apiRoot: server.baseUrl, token: null }, "POST", "/api/console/session", {
        json: { token: server.token },
        headers: { origin, ...extra },
      });

    it("signs in with a token and gets an httpOnly SameSite=Strict cookie that authenticates API calls", async () => {
      const signIn = await session();
      expect(signIn.status).toBe(200);
      const setCookie = signIn.headers.get("set-cookie")!;
      expect(setCookie).toMatch(/^dm_session=[^;]+;/);
      expect(setCookie).toContain("HttpOnly");
      expect(setCookie).toContain("SameSite=Strict");
      expect(setCookie).not.toContain(server.token!);
      const cookie = setCookie.split(";")[0]!;

      const read = await call(server, "GET", "/setup/status", { token: null, headers: { cookie } });
      expect(read.status).toBe(200);

      const crossSite = await call(server, "POST", "/setup/status", {
        token: null,
        headers: { cookie, origin: "https://evil.example" },
      });
      expect(crossSite.status).toBe(403);
      const noOrigin = await call(server, "POST", "/setup/status", { token: null, headers: { cookie } });
      expect(noOrigin.status).toBe(403);
      const sameSite = await call(server, "POST", "/setup/status", { token: null, headers: { cookie, origin } });
      expect(sameSite.status).toBe(200);

      const signOut = await call({ apiRoot: server.baseUrl, token: null }, "DELETE", "/api/console/session", {
        headers: { cookie, origin },
      });
      expect(signOut.status).toBe(200);
      expect(signOut.headers.get("set-cookie")).toContain("Max-Age=0");
      const afterSignOut = await call(server, "GET", "/setup/status", { token: null, headers: { cookie } });
      expect(afterSignOut.status).toBe(401);
    });

    it("every cookie-authenticated mutation from another origin (or none) → 403; console sign-out too", async () => {
      const cookie = (await session()).headers.get("set-cookie")!.split(";")[0]!;
      const failures: string[] = [];
      await Promise.all(
        MUTATIONS.map(async ([method, route]) => {
          for (const origin of ["https://evil.example", "null", undefined]) {
            const response = await call(server, method, route, { token: null, json: {}, headers: { cookie, ...(origin ? { origin } : {}) } });
            if (response.status !== 403) failures.push(`${method} ${route} from ${origin}: ${response.status}`);
          }
        }),
      );
      expect(failures).toEqual([]);
      const signOut = await call({ apiRoot: server.baseUrl, token: null }, "DELETE", "/api/console/session", {
        headers: { cookie, origin: "https://evil.example" },
      });
      expect(signOut.status).toBe(403);
      expect((await call(server, "GET", "/setup/status", { token: null, headers: { cookie } })).status).toBe(200);
    });

    it("marks the cookie Secure when the trusted proxy (DM_TRUSTED_PROXY_HOPS=1) says the client came over HTTPS", async () => {
      expect((await session()).headers.get("set-cookie")).not.toMatch(/Secure/);
      expect((await session({ "x-forwarded-proto": "http" })).headers.get("set-cookie")).not.toMatch(/Secure/);
      expect((await session({ "x-forwarded-proto": "https" })).headers.get("set-cookie")).toMatch(/; Secure$/);
    });

    it("refuses a wrong token and a cross-origin sign-in", async () => {
      const wrong = await call({ apiRoot: server.baseUrl, token: null }, "POST", "/api/console/session", {
        json: { token: "not-the-token-at-all" },
        headers: { origin },
      });
      expect(wrong.status).toBe(401);
      expect(wrong.headers.get("set-cookie")).toBeNull();
      const cross = await session({ origin: "https://evil.example" });
      expect(cross.status).toBe(403);
    });

    it("sends an unauthenticated console visitor to the sign-in page", async () => {
      const response = await fetch(`${server.baseUrl}/`, { redirect: "manual" });
      expect([303, 307, 308]).toContain(response.status);
      expect(response.headers.get("location")).toContain("/sign-in");
    });
  });
});
