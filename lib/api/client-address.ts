/**
 * The address a request comes from, as the rate limit of failed sign-ins sees it. Node's socket
 * gives the peer; behind reverse proxies (an ingress, a load balancer) the peer is the nearest
 * proxy and the client is named in `X-Forwarded-For`, which anyone can also send. So the header
 * is believed only for the configured number of trusted proxy hops (`DM_TRUSTED_PROXY_HOPS`):
 * the chain is `X-Forwarded-For` entries then the socket peer, and the client is the entry just
 * before the trusted hops. With 0 hops (the default) the header is ignored.
 *
 * lib/api/http-server.ts writes the resolved address into the request's `X-Forwarded-For`
 * before Next.js sees the request (Next keeps an existing value), so route handlers read it there.
 */

export const CLIENT_ADDRESS_HEADER = "x-forwarded-for";

export function resolveClientAddress(
  socketAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trustedHops: number,
): string {
  const peer = normalize(socketAddress ?? "") || "unknown";
  if (trustedHops === 0) return peer;
  const forwarded = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? ""))
    .split(",")
    .map(normalize)
    .filter(Boolean);
  const chain = [...forwarded, peer];
  return chain[Math.max(0, chain.length - 1 - trustedHops)]!;
}

/** IPv4-mapped IPv6 (`::ffff:10.0.0.1`) is the IPv4 address; ports and brackets are dropped. */
function normalize(address: string): string {
  let a = address.trim().toLowerCase();
  if (a.startsWith("[")) a = a.slice(1, a.indexOf("]") > 0 ? a.indexOf("]") : undefined);
  else if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(a)) a = a.slice(0, a.lastIndexOf(":"));
  if (a.startsWith("::ffff:") && a.includes(".")) a = a.slice(7);
  return a.slice(0, 100);
}

/** The client address of a request that went through http-server.ts ("unknown" otherwise). */
export function clientAddress(req: Request): string {
  return req.headers.get(CLIENT_ADDRESS_HEADER)?.split(",")[0]?.trim() || "unknown";
}

/**
 * Whether the client reached us over HTTPS. The server itself speaks plain HTTP, so only trusted
 * proxies that terminate TLS (`DM_TRUSTED_PROXY_HOPS` ≥ 1) can say so: the nearest one's
 * `X-Forwarded-Proto`. (Next.js builds `req.url`'s scheme from that header whoever sent it.)
 */
export function isHttps(req: Request, trustedHops: number): boolean {
  if (trustedHops === 0) return false;
  return req.headers.get("x-forwarded-proto")?.split(",").at(-1)?.trim().toLowerCase() === "https";
}
