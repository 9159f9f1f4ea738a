// A self-signed certificate for the simulator's HTTPS listener, built with node:crypto alone (an
// ECDSA P-256 key, X.509 v3 in DER). kubectl (client-go) sends bearer tokens only over TLS, so a
// token-protected simulator must speak HTTPS; its kubeconfig carries this certificate as the CA.
import { generateKeyPairSync, randomBytes, sign } from "node:crypto";

/** DER: tag, definite length, contents. */
function der(tag: number, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  const n = body.length;
  const length = n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), length, body]);
}

const seq = (...parts: Buffer[]) => der(0x30, ...parts);

function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split(".").map(Number);
  const bytes = [a! * 40 + b!];
  for (const n of rest) {
    const chunk = [n & 0x7f];
    for (let v = n >> 7; v > 0; v >>= 7) chunk.unshift((v & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return der(0x06, Buffer.from(bytes));
}

const utcTime = (d: Date) => der(0x17, Buffer.from(d.toISOString().replace(/[-:T]/g, "").slice(2, 14) + "Z"));
const ECDSA_SHA256 = seq(oid("1.2.840.10045.4.3.2"));

export interface SimCertificate {
  cert: string;
  key: string;
}

/** A certificate for `localhost`, 127.0.0.1 and ::1 (plus `ip` when it is another IPv4 address), valid for ten years. */
export function selfSignedCertificate(ip?: string): SimCertificate {
  const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const name = seq(der(0x31, seq(oid("2.5.4.3"), der(0x0c, Buffer.from("deployment-manager-sim")))));
  const ips = [Buffer.from([127, 0, 0, 1]), Buffer.concat([Buffer.alloc(15), Buffer.from([1])])];
  if (ip && /^\d{1,3}(\.\d{1,3}){3}$/.test(ip) && ip !== "127.0.0.1") ips.push(Buffer.from(ip.split(".").map(Number)));
  const altNames = seq(der(0x82, Buffer.from("localhost")), ...ips.map((bytes) => der(0x87, bytes)));
  const extensions = der(
    0xa3,
    seq(
      seq(oid("2.5.29.17"), der(0x04, altNames)),
      seq(oid("2.5.29.19"), der(0x01, Buffer.from([0xff])), der(0x04, seq(der(0x01, Buffer.from([0xff]))))),
    ),
  );
  const serial = randomBytes(16);
  serial[0]! &= 0x7f;
  serial[0]! |= 0x01;
  const now = Date.now();
  const tbs = seq(
    der(0xa0, der(0x02, Buffer.from([2]))),
    der(0x02, serial),
    ECDSA_SHA256,
    name,
    seq(utcTime(new Date(now - 60_000)), utcTime(new Date(now + 10 * 365 * 86_400_000))),
    name,
    publicKey.export({ type: "spki", format: "der" }),
    extensions,
  );
  const signature = sign("sha256", tbs, { key: privateKey, dsaEncoding: "der" });
  const certDer = seq(tbs, ECDSA_SHA256, der(0x03, Buffer.from([0]), signature));
  const pem = `-----BEGIN CERTIFICATE-----\n${certDer.toString("base64").replace(/(.{64})/g, "$1\n").trimEnd()}\n-----END CERTIFICATE-----\n`;
  return { cert: pem, key: privateKey.export({ type: "pkcs8", format: "pem" }).toString() };
}
