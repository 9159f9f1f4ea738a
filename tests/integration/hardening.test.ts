/**
 * Hostile input against a server of its own (PGlite), configured tight: 1 s headers and 2 s
 * request timeouts, a 1 MiB body limit, 5 failed tokens per address, its own TMPDIR, and a probe
 * that reports at exit whether Object.prototype changed. Archives, oversized and slow requests,
 * prototype-pollution bodies, security headers, secrets in output; the per-address limit last
 * (it blocks this test's own address).
 */
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { zipSync } from "fflate";
import zlib from "node:zlib";
import tar from "tar-stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configMap, deployment, form, tarGz, zip } from "../support/fixtures";
import { type ApiResponse, call, get } from "../support/http";
import { type TestServer, startServer } from "../support/server";

const PROBE = path.resolve(import.meta.dirname, "../support/prototype-probe.cjs");
const MAX_BODY = 1024 * 1024;
const SECRET_SLACK_URL = "https://hooks.example.com/services/T000/B000/very-secret-webhook-0123456789";

const many = Object.fromEntries(Array.from({ length: 5_001 }, (_, i) => [`d/${i}.yaml`, `# ${i}\n`]));
const inner = zip({ "inner.yaml": deployment("from-a-nested-archive") });
const deepPath = `${"nested/".repeat(200)}inner.zip`;

const ARCHIVES = [
  ["5,001 entries (zip)", "many.zip", () => zip(many), 400, /more than 5000 entries/],
  ["5,001 entries (tar.gz)", "many.tar.gz", () => tarGz(Object.keys(many).map((name) => ({ name, text: "#\n" }))), 400, /more than 5000 entries/],
  ["one entry of 16 MiB of zeros (zip bomb)", "bomb.zip", () => Buffer.from(zipSync({ "a.yaml": new Uint8Array(16 * MAX_BODY) }, { level: 9 })), 413, /larger than/],
  ["17 entries of 8 MiB each (zip bomb over the total)", "total.zip", () => Buffer.from(zipSync(Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`${i}.yaml`, new Uint8Array(8 * MAX_BODY - 1)])), { level: 9 })), 413, /larger than/],
  ["an entry of 64 MiB of zeros (tar.gz bomb)", "bomb.tar.gz", () => tarBomb(64 * MAX_BODY), 413, /larger than/],
  ["an archive inside an archive, 200 directories deep (never unpacked)", "nested.zip", () => zip({ [deepPath]: inner.toString("latin1") }), 400, /holds no \.yaml/],
  ["random bytes named .tar.gz", "x.tar.gz", () => Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) & 255)), 400, /Not a valid \.tar\.gz/],
  ["a truncated zip", "cut.zip", () => zip({ "a.yaml": configMap("cut") }).subarray(0, 60), 400, /zip/],
  ["a symlink pointing outside (tar)", "links.tar.gz", () => tarGz([{ name: "ok.yaml", text: configMap("ok-x") }, { name: "l.yaml", type: "symlink", linkname: "../../etc/passwd" }]), 400, /symlink/],
] as const;

/** A tar.gz holding one file of `bytes` zeros (about 1/1000 of that compressed). */
async function tarBomb(bytes: number): Promise<Buffer> {
  const pack = tar.pack();
  pack.entry({ name: "bomb.yaml", size: bytes }, Buffer.alloc(bytes));
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  return zlib.gzipSync(Buffer.concat(chunks), { level: 9 });
}

let server: TestServer;
let tmp: string;
const port = () => Number(new URL(server.baseUrl).port);
const errorOf = (r: ApiResponse) => String((r.body as { error?: unknown } | null)?.error);

/** Hostile archives, built before the server starts (building them blocks this process for seconds). */
const built = new Map<string, Buffer>();

beforeAll(async () => {
  for (const [, name, make] of ARCHIVES) built.set(name, await make());
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "dm-hardening-tmp-"));
  server = await startServer({
    database: "pglite",
    env: {
      TMPDIR: tmp,
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --require ${PROBE}`.trim(),
      DM_HEADERS_TIMEOUT_MS: "1000",
      DM_REQUEST_TIMEOUT_MS: "2000",
      DM_MAX_BODY_BYTES: String(MAX_BODY),
      DM_AUTH_MAX_FAILURES: "5",
    },
  });
  expect((await get(server, "/setup")).status).toBe(200);
}, 180_000);

afterAll(async () => {
  await server?.destroy();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Opens a raw connection, sends `payload`, never more; resolves when the server closes it. */
function stalledClient(payload: string): Promise<{ afterMs: number; answer: string }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    let answer = "";
    const socket = net.connect(port(), "127.0.0.1", () => socket.write(payload));
    socket.on("data", (chunk) => (answer += chunk.toString()));
    socket.on("error", () => undefined);
    socket.on("close", () => resolve({ afterMs: Date.now() - started, answer }));
    setTimeout(() => {
      socket.destroy();
      reject(new Error("the server kept a stalled connection open for 45 s"));
    }, 45_000).unref();
  });
}

/** Streams a body of up to `limit` bytes, 64 KiB at a time; stops when the answer arrives. */
function streamUntilAnswered(route: string, headers: Record<string, string>, prefix = "", limit = 64 * MAX_BODY): Promise<{ status: number; sent: number }> {
  return new Promise((resolve) => {
    let sent = 0;
    let answered = false;
    const req = http.request({ host: "127.0.0.1", port: port(), path: `/api/v1/control_plane${route}`, method: "POST", headers: { Token: server.token!, ...headers } });
    req.on("response", (res) => {
      answered = true;
      res.resume();
      resolve({ status: res.statusCode ?? 0, sent });
      req.destroy();
    });
    req.on("error", () => {
      if (!answered) resolve({ status: -1, sent });
    });
    const chunk = Buffer.alloc(64 * 1024, "a");
    req.write(prefix);
    const pump = () => {
      while (!answered && sent < limit) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

describe("hardened server", () => {
  // Started first, awaited at the end: Node checks these timeouts every 30 s.
  let slowHeaders: Promise<{ afterMs: number; answer: string }>;
  let slowBody: Promise<{ afterMs: number; answer: string }>;
  let tmpBefore: string[];

  beforeAll(() => {
    tmpBefore = fs.readdirSync(tmp);
    slowHeaders = stalledClient("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
    slowBody = stalledClient(
      `POST /api/v1/control_plane/settings HTTP/1.1\r\nHost: 127.0.0.1\r\nToken: ${server.token}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"settings": `,
    );
  });

  describe("archives: refused within a second, nothing unpacked to disk", () => {
    const upload = async (name: string, data: Buffer) => {
      const started = performance.now();
      const response = await call(server, "POST", "/base_configs", { body: form({ release_version: "30.01.0" }, { name, data }) });
      return { response, ms: performance.now() - started };
    };
    it.each(ARCHIVES.map(([what, ...rest]) => [what, rest[2], ...rest] as const))("%s → %i", async (_, __, name, ___, status, message) => {
      const { response, ms } = await upload(name, built.get(name)!);
      expect(response.status, response.text).toBe(status);
      expect(errorOf(response)).toMatch(message);
      expect(ms).toBeLessThan(1_000);
    });

    it("stored nothing, and wrote nothing to TMPDIR", async () => {
      const stored = await get(server, "/base_configs?version=30.01.0");
      expect((stored.body as { data: { baseConfigs: unknown[] } }).data.baseConfigs).toEqual([]);
      expect((await get(server, "/configs/from-a-nested-archive")).status).toBe(404);
      expect(fs.readdirSync(tmp)).toEqual(tmpBefore);
    });
  });

  describe("bodies over the limit → 413 while the client is still sending", () => {
    it.each([
      ["JSON", "/patches/apply", { "content-type": "application/json" }, '{"patch": "'],
      ["form", "/patches/apply", { "content-type": "application/x-www-form-urlencoded" }, "patch="],
      ["multipart", "/base_configs", { "content-type": "multipart/form-data; boundary=XyZ" }, '--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.zip"\r\nContent-Type: application/zip\r\n\r\n'],
      ["multipart field", "/base_configs", { "content-type": "multipart/form-data; boundary=XyZ" }, '--XyZ\r\nContent-Disposition: form-data; name="base_config"\r\n\r\n'],
    ])("%s", async (_, route, headers, prefix) => {
      const { status, sent } = await streamUntilAnswered(route, headers, prefix);
      // The server answers 413 and closes with the rest unread: the client reads the 413, or,
      // when the close outruns it, a connection reset (-1). Either way it stopped reading early.
      expect([413, -1]).toContain(status);
      // The client would have sent 64 MiB: the answer came after a fraction (socket buffers aside).
      expect(sent).toBeLessThan(24 * MAX_BODY);
    });
  });

  describe("JSON nesting and prototype-pollution keys: refused or inert", () => {
    it("settings with __proto__ / constructor keys, or nested 10,000 deep, are refused", async () => {
      const settings = (await get(server, "/settings")).body as { data: { settings: Record<string, string> } };
      const complete = JSON.stringify(settings.data.settings);
      for (const hostile of ['"__proto__": {"polluted": "yes"}', '"constructor": {"prototype": {"polluted": "yes"}}']) {
        const body = `{"settings": ${complete.slice(0, -1)}, ${hostile}}}`;
        const response = await call(server, "POST", "/settings", { body, headers: { "content-type": "application/json" } });
        expect(response.status, response.text).toBe(400);
      }
      const whole = await call(server, "POST", "/settings", { body: '{"__proto__": {"settings": {}}, "constructor": {"prototype": {"polluted": 1}}}', headers: { "content-type": "application/json" } });
      expect(whole.status).toBe(400);
      const deep = await call(server, "POST", "/settings", { body: `${'{"a":'.repeat(10_000)}1${"}".repeat(10_000)}`, headers: { "content-type": "application/json" } });
      expect(deep.status).toBe(400);
      expect(errorOf(deep)).toMatch(/nested deeper/);
    });

    it("patches: JSON patch ops on /__proto__ and /constructor/prototype are refused; __proto__ keys in a strategic patch are inert", async () => {
      const name = "hardening-cm";
      expect((await call(server, "POST", "/base_configs", { form: { release_version: "30.02.0", base_config: configMap(name) } })).status).toBe(200);
      for (const path of ["/__proto__/polluted", "/data/__proto__/polluted", "/constructor/prototype/polluted"]) {
        const patch = JSON.stringify({ target: name, kind: "ConfigMap", patch: [{ op: "add", path, value: "yes" }] });
        const response = await call(server, "POST", "/patches/apply", { form: { patch } });
        expect(response.status, `${path}: ${response.text}`).toBe(400);
      }
      const strategic = `# target: ${name}\n__proto__:\n  polluted: "yes"\nconstructor:\n  prototype:\n    polluted: "yes"\ndata:\n  __proto__: "yes"\n  LOG_LEVEL: debug\n`;
      const applied = await call(server, "POST", "/patches/apply", { form: { patch: strategic } });
      expect([200, 400]).toContain(applied.status);
      const config = await get(server, `/configs/${name}`);
      expect(config.status).toBe(200);
      const settings = await get(server, "/settings");
      expect(settings.text).not.toContain("polluted");
    });
  });

  it("security headers on pages, API answers, errors and static files", async () => {
    const page = await fetch(`${server.baseUrl}/sign-in`);
    const html = await page.text();
    const asset = html.match(/\/_next\/static\/[^"']+\.js/)?.[0];
    expect(asset).toBeTruthy();
    const urls = ["/sign-in", "/no-such-page", "/api/health", "/api/v1/control_plane/setup/status", asset!];
    for (const url of urls) {
      const response = await fetch(`${server.baseUrl}${url}`, { redirect: "manual" });
      await response.arrayBuffer();
      const csp = response.headers.get("content-security-policy") ?? "";
      expect(csp, url).toContain("frame-ancestors 'none'");
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("worker-src 'self' blob:");
      expect(csp).toContain("object-src 'none'");
      expect(csp).not.toContain("unsafe-eval");
      expect(response.headers.get("x-content-type-options"), url).toBe("nosniff");
      expect(response.headers.get("referrer-policy"), url).toBe("no-referrer");
      expect(response.headers.get("x-frame-options"), url).toBe("DENY");
    }
  });

  it("health: liveness and readiness answer without a token", async () => {
    const live = await fetch(`${server.baseUrl}/api/health`);
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: "OK" });
    const ready = await fetch(`${server.baseUrl}/api/health/ready`);
    expect(ready.status).toBe(200);
  });

  it("secrets stay out of pages, errors and logs", async () => {
    const settings = (await get(server, "/settings")).body as { data: { settings: Record<string, string> } };
    const saved = await call(server, "POST", "/settings", { json: { settings: { ...settings.data.settings, obsAlertSlackUrl: SECRET_SLACK_URL } } });
    expect(saved.status, saved.text).toBe(200);
    const refused = await call(server, "POST", "/settings", { json: { settings: { ...settings.data.settings, obsAlertSlackUrl: `not a url ${SECRET_SLACK_URL}` } } });
    expect(refused.status).toBe(400);
    const texts = [
      (await get(server, "/settings")).text,
      refused.text,
      (await call(server, "GET", "/setup/status", { token: `${server.token}-x` })).text,
      await (await fetch(`${server.baseUrl}/sign-in`)).text(),
    ];
    for (const text of texts) {
      expect(text).not.toContain(SECRET_SLACK_URL);
      expect(text).not.toContain(server.token!);
    }
    expect(server.output()).not.toContain(SECRET_SLACK_URL);
    expect(server.output()).not.toContain(server.token!);
  });

  it("slow clients are cut off: unfinished headers and an unfinished body (408, connection closed)", async () => {
    const [headers, body] = await Promise.all([slowHeaders, slowBody]);
    // Timeouts of 1 s and 2 s, checked by Node every 30 s.
    expect(headers.afterMs).toBeLessThan(40_000);
    expect(body.afterMs).toBeLessThan(40_000);
    expect(headers.answer).toMatch(/^HTTP\/1\.1 408|^$/);
    expect(body.answer).toMatch(/^HTTP\/1\.1 408|^$/);
    expect((await fetch(`${server.baseUrl}/api/health`)).status).toBe(200);
  }, 60_000);

  it("X-Forwarded-For is not trusted by default: rotating it does not escape the limit of failed tokens", async () => {
    // 5 failures per address; the secrets test above spent one from this address already.
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const response = await call(server, "GET", "/setup/status", { token: `guess-${i}-0123456789abcdef`, headers: { "x-forwarded-for": `192.0.2.${i}` } });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
    const limited = await call(server, "GET", "/setup/status", { headers: { "x-forwarded-for": "192.0.2.99" } });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("Object.prototype was never changed in the server process", async () => {
    await server.stop();
    const reports = server.output().match(/\[prototype-probe\] pid \d+: .*/g) ?? [];
    expect(reports.length).toBeGreaterThan(0);
    for (const report of reports) expect(report).toMatch(/untouched$/);
  });
});
