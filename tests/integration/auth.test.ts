import { describe, expect, inject, it } from "vitest";
import { call } from "../support/http";

// Every API route refuses requests without a valid Token header; the console's session cookie
// works too, with a same-origin check on mutations.

const routes: [string, string][] = [
  ["GET", "/setup"],
  ["GET", "/setup/status"],
  ["POST", "/setup/status"],
  ["POST", "/database/setup"],
  ["POST", "/database/mock_ddl"],
  ["GET", "/database/connection"],
  ["GET", "/platform/version"],
  ["GET", "/deployments/namespace"],
  ["GET", "/settings"],
  ["POST", "/settings"],
  ["GET", "/no/such/route"],
];

describe.each(inject("servers"))("auth on $name", (server) => {
  it.each(routes)("%s %s without a token → 401 JSON", async (method, path) => {
    const response = await call(server, method, path, { token: null, json: method === "POST" ? {} : undefined });
    expect(response.status).toBe(401);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(response.body).toMatchObject({ statusCode: 401, data: null, error: expect.stringMatching(/token/i) });
  });

  it.each(routes)("%s %s with a wrong token → 401", async (method, path) => {
    const response = await call(server, method, path, { token: server.token!.toUpperCase() });
    expect(response.status).toBe(401);
  });

  it("refuses the token as a query parameter and an over-long token", async () => {
    const query = await call(server, "GET", `/setup/status?Token=${server.token}`, { token: null });
    expect(query.status).toBe(401);
    const long = await call(server, "GET", "/setup/status", { token: "x".repeat(10_000) });
    expect(long.status).toBe(401);
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
