import { z } from "zod";
import { describeZodError, invalidInput } from "@/lib/services/errors";
import { readSettings, writeSettings } from "@/lib/store/settings";
import { redactedMarker } from "./redact";

/**
 * Platform settings (GET/POST settings). Values are strings, as in the reference. Secret values
 * are never returned: GET shows a marker with their length and a short hash, and a POST that
 * sends the marker back keeps the stored value.
 */

const bool = z.enum(["true", "false"], { error: "must be \"true\" or \"false\"" });
const emailOrEmpty = z.union([z.literal(""), z.email({ error: "must be an email address or empty" })]);
const urlOrEmpty = z.union([z.literal(""), z.url({ protocol: /^https?$/, error: "must be an http(s) URL or empty" })]);
const text = z.string().max(1_000);

type Definition = { schema: z.ZodType<string>; default: string; secret?: boolean };

export const SETTINGS: Record<string, Definition> = {
  isAIHubEnvironment: { schema: bool, default: "false" },
  isDocsEnabled: { schema: bool, default: "false" },
  isDocsFromWordpress: { schema: bool, default: "true" },
  isDogfoodEnvironment: { schema: bool, default: "false" },
  isProdEnvironment: { schema: bool, default: "false" },
  isSaasEnvironment: { schema: bool, default: "false" },
  isUATEnvironment: { schema: bool, default: "false" },
  obsAlertEmailAppPassword: { schema: text, default: "", secret: true },
  obsAlertReceiverEmail: { schema: emailOrEmpty, default: "" },
  obsAlertSenderEmail: { schema: emailOrEmpty, default: "" },
  obsAlertSlackChannel: { schema: text, default: "" },
  obsAlertSlackUrl: { schema: urlOrEmpty, default: "", secret: true },
  obsAlertSmtpServer: { schema: text, default: "" },
};

const KEYS = Object.keys(SETTINGS).sort();

export async function getSettings(): Promise<Record<string, string>> {
  const stored = await readSettings();
  const result: Record<string, string> = {};
  for (const key of KEYS) {
    const def = SETTINGS[key]!;
    const value = stored.get(key) ?? def.default;
    result[key] = def.secret && value !== "" ? redactedMarker(value) : value;
  }
  return result;
}

/**
 * The body of POST settings has the structure of the GET response (`{data: {settings}, statusCode,
 * error}`); `{settings}` and a bare map are accepted too. Other keys next to `settings` are refused
 * (a typo there would otherwise be dropped silently). It must be complete; unknown keys are refused.
 */
export function extractSettings(body: Record<string, unknown>): Record<string, unknown> {
  const data = body.data;
  if (isRecord(data) && isRecord(data.settings)) {
    refuseExtraKeys(body, ["data", "statusCode", "error"]);
    refuseExtraKeys(data, ["settings"], "data.");
    return data.settings;
  }
  if (isRecord(body.settings)) {
    refuseExtraKeys(body, ["settings"]);
    return body.settings;
  }
  return body;
}

function refuseExtraKeys(object: Record<string, unknown>, allowed: string[], prefix = ""): void {
  const extra = Object.keys(object).filter((key) => !allowed.includes(key));
  if (extra.length) {
    throw invalidInput(`Unknown keys beside the settings: ${extra.sort().map((key) => prefix + key).join(", ")}`);
  }
}

export async function updateSettings(input: Record<string, unknown>): Promise<void> {
  const unknown = Object.keys(input).filter((key) => !Object.hasOwn(SETTINGS, key));
  const missing = KEYS.filter((key) => !Object.hasOwn(input, key));
  const incomplete = [
    ...(unknown.length ? [`Unknown settings: ${unknown.sort().join(", ")}`] : []),
    ...(missing.length ? [`Settings must be complete (take them from GET settings); missing: ${missing.join(", ")}`] : []),
  ];
  if (incomplete.length) throw invalidInput(incomplete.join("; "));
  const stored = await readSettings();
  const values: Record<string, string> = {};
  const problems: string[] = [];
  for (const key of KEYS) {
    const def = SETTINGS[key]!;
    const raw = input[key];
    const current = stored.get(key) ?? def.default;
    if (def.secret && typeof raw === "string" && current !== "" && raw === redactedMarker(current)) {
      values[key] = current;
      continue;
    }
    const parsed = def.schema.safeParse(typeof raw === "boolean" ? String(raw) : raw);
    if (parsed.success) values[key] = parsed.data;
    else problems.push(`${key}: ${typeof raw === "string" ? describeZodError(parsed.error) : "must be a string"}`);
  }
  if (problems.length) throw invalidInput(`Invalid settings: ${problems.join("; ")}`);
  await writeSettings(values);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
