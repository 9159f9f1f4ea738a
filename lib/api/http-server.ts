import dc from "node:diagnostics_channel";
import type { IncomingMessage, Server } from "node:http";
import { CLIENT_ADDRESS_HEADER, resolveClientAddress } from "./client-address";

/**
 * `next start` (and the standalone `server.js`) create the HTTP server themselves and offer no
 * option for Node's request timeouts. Node publishes every incoming request on the
 * `http.server.request.start` diagnostics channel with its server and socket, before the server's
 * request listener (Next.js) runs, so this module, installed at start-up, hardens the app's own
 * server (the one on `port`, not the in-process cluster simulator):
 *
 * - `headersTimeout` / `requestTimeout`: a client that does not finish sending its headers, or
 *   its whole request, in time gets 408 and the connection is closed. Node checks them every 30 s,
 *   so a slow client is cut off between the timeout and 30 s later; until the first request
 *   arrives, Node's defaults (60 s / 300 s) apply.
 * - the client address: `X-Forwarded-For` is replaced by the one address resolved from the
 *   socket peer and the trusted proxy hops (client-address.ts).
 */

export type HttpHardening = { port: number; trustedProxyHops: number; headersTimeoutMs: number; requestTimeoutMs: number };

type RequestStart = { request: IncomingMessage; server: Server };

// Once per process (this module may be bundled more than once).
const globalForHardening = globalThis as typeof globalThis & { __dmHttpHardened?: boolean };

export function hardenHttpServer(options: HttpHardening): void {
  if (globalForHardening.__dmHttpHardened) return;
  globalForHardening.__dmHttpHardened = true;
  const configured = new WeakSet<Server>();
  const ignored = new WeakSet<Server>();
  dc.subscribe("http.server.request.start", (message) => {
    const { request, server } = message as RequestStart;
    if (ignored.has(server)) return;
    if (!configured.has(server)) {
      const address = server.address();
      if (typeof address !== "object" || address?.port !== options.port) {
        ignored.add(server);
        return;
      }
      server.headersTimeout = options.headersTimeoutMs;
      server.requestTimeout = options.requestTimeoutMs;
      configured.add(server);
    }
    request.headers[CLIENT_ADDRESS_HEADER] = resolveClientAddress(
      request.socket.remoteAddress,
      request.headers[CLIENT_ADDRESS_HEADER],
      options.trustedProxyHops,
    );
  });
}
