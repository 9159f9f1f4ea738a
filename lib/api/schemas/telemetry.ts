import { z } from "zod";

export const DATA_SOURCES = ["LOGS", "STATS", "CONFIGS"] as const;
export type DataSource = (typeof DATA_SOURCES)[number];

/**
 * ISO-8601 date-time with a zone (`Z` or `±hh:mm`), normalized to `toISOString()`. The
 * reference's own example writes the time with dots (`13.08.45.131Z`); that spelling is accepted
 * too and normalized the same way.
 */
const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2})([:.])(\d{2})\5(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})$/;

export const isoTimestamp = z.string({ error: "is required" }).transform((value, ctx) => {
  const m = ISO.exec(value.trim());
  const bad = () => {
    ctx.addIssue({ code: "custom", message: `'${value.slice(0, 64)}' is not an ISO-8601 timestamp such as 2023-10-26T13:08:45.131Z` });
    return z.NEVER;
  };
  if (!m) return bad();
  const [, y, mo, d, h, , mi, s, frac = "", zone] = m;
  const day = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (day.getUTCFullYear() !== Number(y) || day.getUTCMonth() !== Number(mo) - 1 || day.getUTCDate() !== Number(d)) return bad();
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return bad();
  const tz = zone === "Z" ? "Z" : `${zone!.slice(0, 3)}:${zone!.slice(-2)}`;
  const ms = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}${frac.slice(0, 4)}${tz}`);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : bad();
});

const serviceName = z.string().regex(/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/, "must be a Kubernetes object name");

const LABEL = /^[A-Za-z0-9._-]+$/;
const labelText = "A-Z a-z 0-9 . _ -";
/** The stored label is the requested one with "-<epoch ms>" appended (unique), within 64 characters. */
export const LABEL_SUFFIX_LENGTH = 14;

function requestSchema(maxLabel: number) {
  return z
    .object({
      services: z.array(serviceName, { error: "must be a list of service names" }).min(1, "name at least one service").max(500),
      data_sources: z
        .array(z.string(), { error: `must be a list of ${DATA_SOURCES.join(", ")}` })
        .min(1, "name at least one data source")
        .superRefine((values, ctx) => {
          const unknown = values.filter((v) => !(DATA_SOURCES as readonly string[]).includes(v));
          if (unknown.length) ctx.addIssue({ code: "custom", message: `unknown data source(s) ${unknown.join(", ")}: use ${DATA_SOURCES.join(", ")}` });
        })
        .transform((values) => DATA_SOURCES.filter((d) => values.includes(d))),
      start: isoTimestamp,
      end: isoTimestamp,
      label: z
        .string({ error: "is required" })
        .min(1, "is required")
        .max(maxLabel, `must be at most ${maxLabel} characters`)
        .regex(LABEL, `must be characters of ${labelText}`),
    })
    .strict()
    .refine((r) => Date.parse(r.end) > Date.parse(r.start), { message: "end must be after start", path: ["end"] })
    .transform((r) => ({ ...r, services: [...new Set(r.services)] }));
}

// POST obs/telescope/export
export const exportRequestSchema = requestSchema(64 - LABEL_SUFFIX_LENGTH);
/** The request as stored (label with its suffix), e.g. in a bundle's manifest. */
export const storedRequestSchema = requestSchema(64);

export type ExportRequest = z.output<typeof exportRequestSchema>;

// :id of telemetry jobs (anything else is an unknown job)
export const JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// GET platform-status/history
export const historyQuerySchema = z.object({ limit: z.coerce.number({ error: "must be a number" }).int().min(1).max(500).default(60) });

// GET obs/telescope/import/:id/logs
export const importLogsQuerySchema = z.object({
  service: serviceName.optional(),
  q: z.string().max(500).default(""),
  limit: z.coerce.number({ error: "must be a number" }).int().min(1).max(10_000).default(1_000),
});
