import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { getConfig } from "@/lib/config/env";
import { unavailable } from "./errors";

/**
 * Encryption at rest for Secret base configs, patches, materialized configs and upload job inputs:
 * AES-256-GCM with a key from DM_ENCRYPTION_KEY (required with PostgreSQL: every replica shares
 * it), else, on PGlite, one generated on first use in DATA_DIR/encryption-key (0600).
 * Rotation: DM_ENCRYPTION_KEY = the new key, DM_ENCRYPTION_KEY_PREVIOUS = the old one; values
 * sealed with either are read (GCM's tag tells which key sealed a value), new values are sealed
 * with the new key, and `npm run encryption:reseal` re-seals every stored value with it
 * (lib/services/encryption-key.ts).
 */

const PREFIX = "enc:v1:";
const KEY_FILE = "encryption-key";

type Keys = { current: Buffer; previous: Buffer | undefined };
let cachedKeys: Keys | undefined;

const derive = (secret: string) => createHash("sha256").update(secret).digest();

function keys(): Keys {
  if (cachedKeys) return cachedKeys;
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
  cachedKeys = { current: derive(secret), previous: config.previousEncryptionKey ? derive(config.previousEncryptionKey) : undefined };
  return cachedKeys;
}

/** A short public name of a key (HMAC of a fixed label; the key cannot be recovered from it), stored in the database to detect a replica with the wrong key. */
export function keyFingerprints(): { current: string; previous: string | undefined } {
  const { current, previous } = keys();
  const print = (key: Buffer) => createHmac("sha256", key).update("deployment-manager encryption key fingerprint").digest("hex").slice(0, 16);
  return { current: print(current), previous: previous && print(previous) };
}

export function isEncrypted(text: string): boolean {
  return text.startsWith(PREFIX);
}

export function encrypt(plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keys().current, iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64");
}

function openWith(key: Buffer, raw: Buffer): string | undefined {
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
  } catch {
    return undefined;
  }
}

export const UNDECRYPTABLE = "cannot be decrypted with DM_ENCRYPTION_KEY or DM_ENCRYPTION_KEY_PREVIOUS (sealed with another key)";

/** The plain text; a value sealed with neither configured key throws `unavailable`. */
export function decrypt(stored: string): string {
  if (!isEncrypted(stored)) return stored;
  const raw = Buffer.from(stored.slice(PREFIX.length), "base64");
  const { current, previous } = keys();
  const plain = openWith(current, raw) ?? (previous && openWith(previous, raw));
  if (plain === undefined) throw unavailable(`A stored Secret config ${UNDECRYPTABLE}`);
  return plain;
}

/** For list views: the plain text, or the reason it cannot be read, so one bad row is reported for its object while the rest is served. */
export function tryDecrypt(stored: string): { text: string; error?: string } {
  try {
    return { text: decrypt(stored) };
  } catch {
    return { text: "", error: `This Secret config ${UNDECRYPTABLE}` };
  }
}

/** The value sealed with the current key (undefined when it is plain text or already is); throws `unavailable` when it cannot be read. */
export function reseal(stored: string): string | undefined {
  if (!isEncrypted(stored)) return undefined;
  const raw = Buffer.from(stored.slice(PREFIX.length), "base64");
  if (openWith(keys().current, raw) !== undefined) return undefined;
  return encrypt(decrypt(stored));
}

/** Encrypts when the value belongs to a Secret. */
export function sealFor(kind: string | undefined, text: string): { text: string; isEncrypted: boolean } {
  return kind === "Secret" ? { text: encrypt(text), isEncrypted: true } : { text, isEncrypted: false };
}
