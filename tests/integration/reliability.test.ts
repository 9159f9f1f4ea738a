import { describe, expect, inject, it } from "vitest";
import { deployment } from "../support/fixtures";
import { call, get } from "../support/http";

// Issue 14, reliability and hostile input: each case here answered 500, lost a job's progress,
// or let a blocked address guess again before its fix.


/** One GET route of each route folder (each is its own Next.js bundle), and the console sign-in. */
const ROUTE_FAMILIES = [
  "/setup/status",
  "/configs",
  "/patches",
  "/base_configs",
  "/resource_labels",
  "/settings",
  "/audit",
  "/configs/k8s-inconsistencies",
  "/deployment/hibernation",
  "/platform-status/components",
  "/database/connection",
  "/kube/workloads",
  "/no/such/route",
];

describe.each(inject("servers"))("hostile input on $name", (server) => {
  const octet = server.name === "pglite" ? 1 : 2;

  it("a blocked address gets 429 with Retry-After on every route family, never 500", async () => {
    const attacker = { "x-forwarded-for": `10.214.${octet}.1` };
    for (let i = 0; i < 20; i++) {
      const wrong = await call(server, "GET", ROUTE_FAMILIES[i % ROUTE_FAMILIES.length]!, { token: `guess-${i}-0123456789abcdef`, headers: attacker });
      expect(wrong.status).toBe(401);
    }
    for (const route of ROUTE_FAMILIES) {
      const limited = await call(server, "GET", route, { token: "guess-x-0123456789abcdef", headers: attacker });
      expect({ route, status: limited.status }).toEqual({ route, status: 429 });
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(limited.body).toMatchObject({ statusCode: 429, data: null, error: expect.stringMatching(/retry in \d+ s/) });
    }
    const signIn = await call({ apiRoot: server.baseUrl, token: null }, "POST", "/api/console/session", {
      json: { token: server.token },
      headers: { ...attacker, origin: server.baseUrl },
    });
    expect(signIn.status).toBe(429);
    expect(Number(signIn.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});
