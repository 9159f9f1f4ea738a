import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { getConfig } from "@/lib/config/env";

/**
 * Encryption at rest for Secret base configs, patches and materialized configs: AES-256-GCM with a
 * key from DM_ENCRYPTION_KEY, else one generated on first use in DATA_DIR/encryption-key (0600).
 * Several replicas on one PostgreSQL database must share DM_ENCRYPTION_KEY.
 */

const PREFIX = "enc:v1:";
const KEY_FILE = "encryption-key";

let cachedKey: Buffer | undefined;

function key(): Buffer {
  if (cachedKey) return cachedKey;
  const config = getConfig();
  let secret = config.encryptionKey;
  if (!secret) {
    const file = path.join(config.dataDir, KEY_FILE);
    if (fs.existsSync(file)) {
      secret = fs.readFileSync(file, "utf8").trim();
    } else {
      secret = randomBytes(32).toString("base64");
      fs.mkdirSync(config.dataDir, { recursive: true });
      fs.writeFileSync(file, secret + "\n", { mode: 0o600, flag: "wx" });
    }
  }
  cachedKey = createHash("sha256").update(secret).digest();
  return cachedKey;
}

export function isEncrypted(text: string): boolean {
  return text.startsWith(PREFIX);
}

export function encrypt(plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64");
}

export function decrypt(stored: string): string {
  if (!isEncrypted(stored)) return stored;
  const raw = Buffer.from(stored.slice(PREFIX.length), "base64");
  const decipher = createDecipheriv("aes-256-gcm", key(), raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
}

/** Encrypts when the value belongs to a Secret. */
export function sealFor(kind: string | undefined, text: string): { text: string; isEncrypted: boolean } {
  return kind === "Secret" ? { text: encrypt(text), isEncrypted: true } : { text, isEncrypted: false };
}
