import http from "node:http";
import zlib from "node:zlib";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { deployment, uniquePrefix } from "../support/fixtures";
import { call, get } from "../support/http";

// The production server (lib/server): the hot reads (lib/server/fast-routes.ts) skip Next.js's
// request pipeline but must answer exactly like every other route: auth, envelope, security
// headers, compression; everything else still reaches Next.js.

type Raw = { status: number; headers: http.IncomingHttpHeaders; body: Buffer };

function raw(apiRoot: string, path: string, headers: Record<string, string>): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const request = http.get(`${apiRoot}${path}`, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
    });
    request.on("error", reject);
  });
}

const SECURITY_HEADERS = ["content-security-policy", "x-content-type-options", "x-frame-options", "referrer-policy", "cross-origin-opener-policy", "permissions-policy"];

describe.each(inject("servers"))("production server on $name", (server) => {
  const name = uniquePrefix("fast");

  beforeAll(async () => {
    const upload = await call(server, "POST", "/base_configs", { form: { release_version: "23.07.2", base_config: deployment(name, { env: { PAD: "x".repeat(2_000) } }) } });
    expect(upload.status).toBe(200);
    const patch = await call(server, "POST", "/patches/apply", { form: { patch: `# target: ${name}\nmetadata:\n  annotations:\n    note: "${"n".repeat(1_500)}"\n` } });
    expect(patch.status).toBe(200);
  });

  it("serves the hot reads with the same security headers as the routes Next.js serves", async () => {
    const fast = await get(server, `/configs/${name}`);
    const viaNext = await get(server, "/platform/version");
    expect(fast.status).toBe(200);
    expect(fast.body).toMatchObject({ objectName: name, state: "IS_GOLDEN" });
    for (const header of SECURITY_HEADERS) {
      expect(fast.headers.get(header), header).toBeTruthy();
      expect(fast.headers.get(header), header).toBe(viaNext.headers.get(header));
    }
  });

  it("authenticates the hot reads like every route: 401 JSON without or with a wrong token", async () => {
    for (const path of ["/configs", `/configs/${name}`, "/patches", `/patches/${name}`]) {
      const missing = await get(server, path, null);
      expect(missing.status, path).toBe(401);
      expect(missing.body).toEqual({ statusCode: 401, data: null, error: expect.stringContaining("Token") });
      expect((await get(server, path, "wrong-token-0123456789")).status, path).toBe(401);
    }
  });

  it("gzips bodies over 1 KiB when the client accepts it, and not otherwise", async () => {
    const plain = await raw(server.apiRoot, `/configs/${name}`, { Token: server.token! });
    const zipped = await raw(server.apiRoot, `/configs/${name}`, { Token: server.token!, "Accept-Encoding": "gzip, deflate" });
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(Number(plain.headers["content-length"])).toBe(plain.body.length);
    expect(zipped.headers["content-encoding"]).toBe("gzip");
    expect(zipped.headers.vary).toContain("Accept-Encoding");
    expect(zipped.body.length).toBeLessThan(plain.body.length);
    expect(zlib.gunzipSync(zipped.body).equals(plain.body)).toBe(true);
    // The patch list is served from cached bytes (lib/api/responses.ts cachedJsonResponse), compressed once.
    const list = await raw(server.apiRoot, "/patches", { Token: server.token! });
    expect(Number(list.headers["content-length"])).toBe(list.body.length);
    expect(JSON.parse(list.body.toString())).toMatchObject({ statusCode: 200, data: { patches: expect.any(Array) }, error: null });
    for (let i = 0; i < 2; i++) {
      const listZipped = await raw(server.apiRoot, "/patches", { Token: server.token!, "Accept-Encoding": "gzip" });
      expect(listZipped.headers["content-encoding"]).toBe("gzip");
      expect(zlib.gunzipSync(listZipped.body).equals(list.body)).toBe(true);
    }
  });

  it("answers errors of the hot reads in the envelope (unknown object: 404)", async () => {
    const missing = await get(server, `/configs/${name}-absent`);
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ statusCode: 404, data: null, error: expect.stringContaining(`${name}-absent`) });
  });

  it("leaves what it does not serve to Next.js (other methods, trailing slashes); malformed paths are 400; methods a route lacks are 405 JSON", async () => {
    const post = await call(server, "POST", "/configs");
    expect(post.status).toBe(405);
    expect(post.body).toEqual({ statusCode: 405, data: null, error: "Method POST is not allowed on /api/v1/control_plane/configs; allowed: GET" });
    const malformed = await raw(server.apiRoot, "/configs/%E0%A4%A/history", { Token: server.token! });
    expect(malformed.status).toBe(400);
    expect(JSON.parse(malformed.body.toString())).toEqual({ statusCode: 400, data: null, error: expect.stringContaining("percent-encoding") });
    expect(malformed.headers["x-content-type-options"]).toBe("nosniff");
    const slash = await raw(server.apiRoot, "/patches/", { Token: server.token! });
    expect(slash.status).toBe(308);
    expect((await get(server, "/patches")).status).toBe(200);
  });
});
