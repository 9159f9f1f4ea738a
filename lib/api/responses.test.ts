import { describe, expect, it } from "vitest";
import { cachedBody, cachedJsonResponse, serveDirectly } from "./responses";

describe("cachedJsonResponse", () => {
  const bytes = new TextEncoder().encode(JSON.stringify({ statusCode: 200, data: { patches: [] }, error: null }));

  it("streams the cached bytes to anyone who reads the body (Next.js), as often as it is built", async () => {
    for (let i = 0; i < 2; i++) {
      const response = cachedJsonResponse(bytes, new Request("http://localhost/x"));
      expect(response.headers.get("content-type")).toBe("application/json");
      expect(response.headers.get("content-length")).toBe(String(bytes.byteLength));
      expect(await response.json()).toEqual({ statusCode: 200, data: { patches: [] }, error: null });
      expect(cachedBody(response)).toBeUndefined(); // read: the server must not send it again
    }
    expect(bytes.byteLength).toBeGreaterThan(0);
  });

  it("gives the server the very bytes, unread and without a body stream, for requests it serves itself", () => {
    const req = new Request("http://localhost/x");
    serveDirectly(req);
    const response = cachedJsonResponse(bytes, req);
    expect(response.body).toBeNull();
    expect(cachedBody(response)).toBe(bytes);
  });
});
