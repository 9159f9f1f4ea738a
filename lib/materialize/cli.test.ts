/**
 * `dm` as users run it (bin/dm.mjs: the bundle, built when stale, compiled with V8's code cache):
 * the same stream whether the code cache is missing, fresh or corrupt; exit codes.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const codeCache = join(root, "node_modules/.cache/dm/dm.cjs.code-cache");

function dm(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(root, "bin/dm.mjs"), ...args], { encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const EXPECTED = `---
apiVersion: v1
data:
  a: '2'
kind: ConfigMap
metadata:
  labels:
    tier: web
  name: web-config
---
apiVersion: v1
data:
  a: '1'
kind: ConfigMap
metadata:
  labels:
    tier: web
  name: api-config
`;

describe("dm materialize (bin/dm.mjs)", () => {
  let dir: string;
  let args: string[];
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "dm-cli-"));
    mkdirSync(join(dir, "patches"));
    writeFileSync(join(dir, "base.yaml"), "kind: ConfigMap\napiVersion: v1\nmetadata: {name: web-config}\ndata: {a: '1'}\n---\nkind: ConfigMap\napiVersion: v1\nmetadata: {name: api-config}\ndata: {a: '1'}\n");
    writeFileSync(join(dir, "patches/001.yaml"), "# target: web-config\ndata: {a: '2'}\n");
    writeFileSync(join(dir, "patches/002.json"), '{"target":"frontend","patch":[{"op":"add","path":"/metadata/labels","value":{"tier":"web"}}]}');
    writeFileSync(join(dir, "bindings.json"), '{"frontend": ["web-config", "api-config"]}');
    args = ["materialize", "--base", join(dir, "base.yaml"), "--patches", join(dir, "patches"), "--bindings", join(dir, "bindings.json"), "--out", "-"];
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("writes the same stream without, with and with a corrupt code cache", () => {
    rmSync(codeCache, { force: true });
    expect(dm(args)).toEqual({ status: 0, stdout: EXPECTED, stderr: "" });
    expect(existsSync(codeCache)).toBe(true);
    expect(dm(args)).toEqual({ status: 0, stdout: EXPECTED, stderr: "" });

    const cache = readFileSync(codeCache);
    const stamp = cache.subarray(0, cache.indexOf(0x0a) + 1);
    writeFileSync(codeCache, Buffer.concat([stamp, Buffer.alloc(4096, 7)]));
    expect(dm(args)).toEqual({ status: 0, stdout: EXPECTED, stderr: "" });
    expect(readFileSync(codeCache).length).toBeGreaterThan(4096 + stamp.length);
  }, 60_000);

  it("exits 2 on bad usage and 1 on a failing patch", () => {
    expect(dm(["materialize", "--out", "-"])).toMatchObject({ status: 2, stderr: expect.stringContaining("--base is required") });
    writeFileSync(join(dir, "patches/003.json"), '{"target":"api-config","patch":[{"op":"remove","path":"/nope"}]}');
    expect(dm(args)).toMatchObject({ status: 1, stderr: expect.stringContaining("api-config: patch 3") });
  }, 60_000);
});
