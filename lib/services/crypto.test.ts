import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";

// Encryption at rest: each case loads the module afresh under its own environment (the key and
// the configuration are read once per process).

const saved = { DATA_DIR: process.env.DATA_DIR, DM_ENCRYPTION_KEY: process.env.DM_ENCRYPTION_KEY };

async function cryptoWith(env: { DATA_DIR: string; DM_ENCRYPTION_KEY?: string }) {
  vi.resetModules();
  process.env.DATA_DIR = env.DATA_DIR;
  if (env.DM_ENCRYPTION_KEY === undefined) delete process.env.DM_ENCRYPTION_KEY;
  else process.env.DM_ENCRYPTION_KEY = env.DM_ENCRYPTION_KEY;
  return import("./crypto");
}

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), "dm-crypto-"));

afterEach(() => {
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

describe("crypto", () => {
  it("round-trips text through enc:v1: with a fresh IV each time; plaintext passes through decrypt", async () => {
    const { encrypt, decrypt, isEncrypted } = await cryptoWith({ DATA_DIR: tempDir(), DM_ENCRYPTION_KEY: "key-one-0123456789abcdef0123456789" });
    const plain = "stringData:\n  password: s3cr3t-ü\n";
    const sealed = encrypt(plain);
    expect(sealed).toMatch(/^enc:v1:/);
    expect(sealed).not.toContain("s3cr3t");
    expect(encrypt(plain)).not.toBe(sealed);
    expect(isEncrypted(sealed)).toBe(true);
    expect(decrypt(sealed)).toBe(plain);
    expect(decrypt(plain)).toBe(plain);
  });

  it("refuses to decrypt with another key or a tampered text", async () => {
    const dir = tempDir();
    const sealed = (await cryptoWith({ DATA_DIR: dir, DM_ENCRYPTION_KEY: "key-one-0123456789abcdef0123456789" })).encrypt("s3cr3t");
    const other = await cryptoWith({ DATA_DIR: dir, DM_ENCRYPTION_KEY: "key-two-0123456789abcdef0123456789" });
    expect(() => other.decrypt(sealed)).toThrow();
    const same = await cryptoWith({ DATA_DIR: dir, DM_ENCRYPTION_KEY: "key-one-0123456789abcdef0123456789" });
    expect(same.decrypt(sealed)).toBe("s3cr3t");
    const raw = Buffer.from(sealed.slice("enc:v1:".length), "base64");
    raw[raw.length - 1]! ^= 1;
    expect(() => same.decrypt(`enc:v1:${raw.toString("base64")}`)).toThrow();
  });

  it("without DM_ENCRYPTION_KEY generates a key file (mode 0600) in the data dir and reuses it", async () => {
    const dir = tempDir();
    const first = await cryptoWith({ DATA_DIR: dir });
    const sealed = first.encrypt("s3cr3t");
    const file = path.join(dir, "encryption-key");
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(file, "utf8").trim().length).toBeGreaterThanOrEqual(32);
    const again = await cryptoWith({ DATA_DIR: dir });
    expect(again.decrypt(sealed)).toBe("s3cr3t");
    const elsewhere = await cryptoWith({ DATA_DIR: tempDir() });
    expect(() => elsewhere.decrypt(sealed)).toThrow();
  });

  it("sealFor encrypts Secrets only", async () => {
    const { sealFor, decrypt } = await cryptoWith({ DATA_DIR: tempDir(), DM_ENCRYPTION_KEY: "key-one-0123456789abcdef0123456789" });
    expect(sealFor("ConfigMap", "a: 1")).toEqual({ text: "a: 1", isEncrypted: false });
    const secret = sealFor("Secret", "a: 1");
    expect(secret.isEncrypted).toBe(true);
    expect(decrypt(secret.text)).toBe("a: 1");
  });
});
