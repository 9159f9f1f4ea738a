import type { NextConfig } from "next";
import { PHASE_DEVELOPMENT_SERVER } from "next/constants";

/**
 * Security headers on every response (pages, API, static files). The CSP allows what the app
 * needs and nothing else: Next.js's inline bootstrap scripts ('unsafe-inline': static headers
 * cannot carry per-request nonces), Monaco's same-origin module workers (blob: for its fallback)
 * and its inline styles, data: fonts/images; no framing, no plugins, no foreign origins. The dev
 * server also needs 'unsafe-eval' (React's dev tooling).
 */
function securityHeaders(dev = false): { key: string; value: string }[] {
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "worker-src 'self' blob:",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join("; ");
  return [
    { key: "Content-Security-Policy", value: csp },
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "X-Frame-Options", value: "DENY" },
    { key: "Referrer-Policy", value: "no-referrer" },
    { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
    { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
  ];
}

const config = (phase: string): NextConfig => ({
  // deploy/Dockerfile runs `.next/standalone/server.js` (traced node_modules only); `npm start` is unaffected.
  output: "standalone",
  // Packages that load .wasm files or native-ish modules by path stay outside the bundle.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "pglite-prisma-adapter",
    "@prisma/adapter-pg",
    "@prisma/client",
    "@prisma/schema-engine-wasm",
    "@kubernetes/client-node",
    "pg",
    "busboy",
  ],
  // `npm run typecheck` (tsc over the whole project) is the type gate; the build does not repeat it.
  typescript: { ignoreBuildErrors: true },
  poweredByHeader: false,
  devIndicators: false,
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders(phase === PHASE_DEVELOPMENT_SERVER) }];
  },
});

export default config;
