import path from "node:path";
import { z } from "zod";

/**
 * The environment, parsed once. The rest of the code imports `getConfig()` and never reads
 * `process.env`. A bad value stops start-up with a message naming the variable.
 */

const emptyToUndefined = (value: unknown) => (value === "" ? undefined : value);

const envSchema = z.object({
  DATABASE_URL: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL (unset = embedded PGlite)")
      .optional(),
  ),
  DM_API_TOKEN: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .min(16, "must be at least 16 characters")
      .max(256, "must be at most 256 characters")
      .regex(/^[\x21-\x7e]+$/, "must be printable ASCII without spaces")
      .optional(),
  ),
  KUBE_MODE: z.preprocess(emptyToUndefined, z.enum(["sim", "kubeconfig", "in-cluster"]).optional()),
  DM_NAMESPACE: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, "must be a valid Kubernetes namespace name")
      .default("instabase"),
  ),
  /** The pod the manager runs in (deploy/kubernetes sets it from the downward API): its owner is the manager's own workload. */
  POD_NAME: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/, "must be a Kubernetes pod name")
      .optional(),
  ),
  PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(65535).default(9500)),
  /** The address the server listens on (all interfaces by default; 127.0.0.1 for loopback only). */
  DM_LISTEN_HOST: z.preprocess(emptyToUndefined, z.string().regex(/^[0-9A-Za-z.:_-]{1,255}$/, "must be an IP address or host name").default("0.0.0.0")),
  DATA_DIR: z.preprocess(emptyToUndefined, z.string().default("./.data")),
  DM_ENCRYPTION_KEY: z.preprocess(
    emptyToUndefined,
    z.string().min(32, "must be at least 32 characters (e.g. openssl rand -base64 32)").optional(),
  ),
  /** During a key rotation: the key being replaced, still accepted for reading until `npm run encryption:reseal` has run. */
  DM_ENCRYPTION_KEY_PREVIOUS: z.preprocess(
    emptyToUndefined,
    z.string().min(32, "must be at least 32 characters (the key being replaced)").optional(),
  ),
  // Read only to choose the default cluster mode (see lib/kube/mode.ts).
  KUBERNETES_SERVICE_HOST: z.string().optional(),
  KUBECONFIG: z.string().optional(),
  HOME: z.string().optional(),
  DM_MAX_BODY_BYTES: z.preprocess(
    emptyToUndefined,
    z.coerce.number().int().min(1024).max(2 ** 31).default(64 * 1024 * 1024),
  ),
  DM_HEALTH_CHECK_INTERVAL_SECONDS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(3600).default(30)),
  DM_HEALTH_CHECK_TIMEOUT_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(100).max(120_000).default(5_000)),
  DM_STATS_RETENTION_HOURS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(24 * 366).default(168)),
  DM_TELEMETRY_RETENTION_HOURS: z.preprocess(emptyToUndefined, z.coerce.number().positive().max(24 * 366).default(168)),
  DM_HEALTH_HISTORY_MAX_RESULTS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(2).max(1_000_000).default(5_000)),
  DM_TRUSTED_PROXY_HOPS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(10).default(0)),
  DM_AUTH_MAX_FAILURES: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(1_000_000).default(20)),
  DM_AUTH_FAILURE_WINDOW_SECONDS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(86_400).default(300)),
  DM_HEADERS_TIMEOUT_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1_000).max(600_000).default(20_000)),
  DM_REQUEST_TIMEOUT_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1_000).max(3_600_000).default(300_000)),
}).superRefine((e, ctx) => {
  // Replicas on one PostgreSQL database must read each other's Secret configs: a key generated per
  // pod (the PGlite default, kept in DATA_DIR) would make them unreadable elsewhere and after a restart.
  if (e.DATABASE_URL && !e.DM_ENCRYPTION_KEY) {
    ctx.addIssue({ code: "custom", path: ["DM_ENCRYPTION_KEY"], message: "required with DATABASE_URL: set the same key in every replica (e.g. openssl rand -base64 32)" });
  }
  if (e.DM_ENCRYPTION_KEY_PREVIOUS && !e.DM_ENCRYPTION_KEY) {
    ctx.addIssue({ code: "custom", path: ["DM_ENCRYPTION_KEY"], message: "required with DM_ENCRYPTION_KEY_PREVIOUS (the new key of the rotation)" });
  }
});

export type Config = {
  databaseUrl: string | undefined;
  apiToken: string | undefined;
  kubeMode: "sim" | "kubeconfig" | "in-cluster" | undefined;
  namespace: string;
  podName: string | undefined;
  port: number;
  listenHost: string;
  dataDir: string;
  maxBodyBytes: number;
  encryptionKey: string | undefined;
  previousEncryptionKey: string | undefined;
  /** Health loop and telemetry STATS (lib/services/health, lib/services/telemetry). */
  health: { intervalMs: number; timeoutMs: number; retentionHours: number; maxResultsPerCheck: number };
  /** Telescope exports and imports (lib/services/telemetry/retention.ts). */
  telemetry: { retentionHours: number };
  kubeEnv: { KUBERNETES_SERVICE_HOST?: string; KUBECONFIG?: string; HOME?: string };
  /** HTTP hardening (lib/api/http-server.ts, lib/api/auth-throttle.ts). */
  http: { trustedProxyHops: number; headersTimeoutMs: number; requestTimeoutMs: number };
  authThrottle: { maxFailures: number; windowMs: number };
};

export class ConfigError extends Error {
  override name = "ConfigError";
}

export function parseConfig(env: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join("; ")}`);
  }
  const e = parsed.data;
  return {
    databaseUrl: e.DATABASE_URL,
    apiToken: e.DM_API_TOKEN,
    kubeMode: e.KUBE_MODE,
    namespace: e.DM_NAMESPACE,
    podName: e.POD_NAME,
    port: e.PORT,
    listenHost: e.DM_LISTEN_HOST,
    dataDir: path.resolve(e.DATA_DIR),
    maxBodyBytes: e.DM_MAX_BODY_BYTES,
    encryptionKey: e.DM_ENCRYPTION_KEY,
    previousEncryptionKey: e.DM_ENCRYPTION_KEY_PREVIOUS,
    health: {
      intervalMs: e.DM_HEALTH_CHECK_INTERVAL_SECONDS * 1000,
      timeoutMs: e.DM_HEALTH_CHECK_TIMEOUT_MS,
      retentionHours: e.DM_STATS_RETENTION_HOURS,
      maxResultsPerCheck: e.DM_HEALTH_HISTORY_MAX_RESULTS,
    },
    telemetry: { retentionHours: e.DM_TELEMETRY_RETENTION_HOURS },
    kubeEnv: { KUBERNETES_SERVICE_HOST: e.KUBERNETES_SERVICE_HOST, KUBECONFIG: e.KUBECONFIG, HOME: e.HOME },
    http: {
      trustedProxyHops: e.DM_TRUSTED_PROXY_HOPS,
      headersTimeoutMs: e.DM_HEADERS_TIMEOUT_MS,
      requestTimeoutMs: Math.max(e.DM_REQUEST_TIMEOUT_MS, e.DM_HEADERS_TIMEOUT_MS),
    },
    authThrottle: { maxFailures: e.DM_AUTH_MAX_FAILURES, windowMs: e.DM_AUTH_FAILURE_WINDOW_SECONDS * 1000 },
  };
}

let cached: Config | undefined;

export function getConfig(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}
