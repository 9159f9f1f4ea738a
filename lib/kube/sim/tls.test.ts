import { X509Certificate, createPublicKey } from "node:crypto";
import { describe, expect, it } from "vitest";
import { selfSignedCertificate } from "./tls";

describe("the simulator's self-signed certificate", () => {
  it("is a valid X.509 v3 certificate for the loopback names, signed by its own key", () => {
    const { cert, key } = selfSignedCertificate();
    const x509 = new X509Certificate(cert);
    expect(x509.subjectAltName).toBe("DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1");
    expect(x509.verify(createPublicKey(key))).toBe(true);
    expect(x509.checkIP("127.0.0.1")).toBe("127.0.0.1");
    expect(x509.checkHost("evil.example")).toBeUndefined();
    expect(new Date(x509.validTo).getTime()).toBeGreaterThan(Date.now() + 9 * 365 * 86_400_000);
  });

  it("names another IPv4 listen address too", () => {
    expect(new X509Certificate(selfSignedCertificate("10.1.2.3").cert).checkIP("10.1.2.3")).toBe("10.1.2.3");
  });
});
