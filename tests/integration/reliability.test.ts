import { describe, expect, inject, it } from "vitest";
import { configMap, deployment, docs, uniquePrefix } from "../support/fixtures";
import { call, get } from "../support/http";

// Issue 14, reliability and hostile input: each case here answered 500, lost a job's progress,
// or let a blocked address guess again before its fix.

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

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

  it("labels named constructor, toString, hasOwnProperty and __proto__ are plain labels", async () => {
    const p = uniquePrefix("proto");
    const upload = await call(server, "POST", "/base_configs", { form: { release_version: "1.0.0", base_config: docs(configMap(`${p}-cm`), deployment(`${p}-app`, { replicas: 0 })) } });
    expect(upload.status, upload.text).toBe(200);
    for (const label of ["constructor", "toString", "hasOwnProperty", "valueOf"]) {
      const unbound = await get(server, `/resource_labels/objects/${label}`);
      expect({ label, status: unbound.status }, unbound.text).toEqual({ label, status: 200 });
      expect((unbound.body as Body).objects).toEqual([]);
      const bind = await call(server, "POST", "/resource_labels/binding", { form: { label, object_name: `${p}-cm` } });
      expect({ label, status: bind.status }, bind.text).toEqual({ label, status: 200 });
      const objects = await get(server, `/resource_labels/objects/${label}`);
      expect({ label, status: objects.status }, objects.text).toEqual({ label, status: 200 });
      expect(objects.text).toContain(`${p}-cm`);
      const labels = await get(server, `/resource_labels/labels/${p}-cm`);
      expect(labels.status, labels.text).toBe(200);
      expect(labels.text).toContain(JSON.stringify(label));
      const patch = await call(server, "POST", "/patches/apply", { form: { patch: `# target: ${label}\ndata:\n  via: "${label}"\n` } });
      expect({ label, status: patch.status }, patch.text).toEqual({ label, status: 200 });
      expect((await get(server, `/configs/${p}-cm`)).text).toContain(`via: ${label}`);
      // An object that is not bound to it is not reached.
      expect((await get(server, `/configs/${p}-app`)).text).not.toContain(`via: ${label}`);
    }
    const all = await get(server, "/resource_labels");
    expect(all.status, all.text).toBe(200);
    // `__proto__` is no label name (refused as such), and reading it or patching it is no fault.
    expect((await call(server, "POST", "/resource_labels/binding", { form: { label: "__proto__", object_name: `${p}-cm` } })).status).toBe(400);
    expect((await get(server, "/resource_labels/objects/__proto__")).status).toBe(200);
    const waiting = await call(server, "POST", "/patches/apply", { form: { patch: "# target: __proto__\ndata:\n  via: proto\n", dry_run: "true" } });
    expect(waiting.status, waiting.text).toBeLessThan(500);
  });
});
