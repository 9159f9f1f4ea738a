/** Browser-side calls to the API, authenticated by the session cookie. */

export const API_ROOT = "/api/v1/control_plane";

export class ApiClientError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: unknown = null,
  ) {
    super(message);
  }
}

export async function apiFetch<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(path.startsWith("/api/") ? path : `${API_ROOT}${path}`, {
    credentials: "same-origin",
    ...init,
    headers: { accept: "application/json", ...init?.headers },
  });
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // a non-JSON answer (a proxy's error page): reported below by status
  }
  if (!response.ok) {
    const message =
      typeof body === "object" && body !== null && typeof (body as { error?: unknown }).error === "string"
        ? (body as { error: string }).error
        : `${response.status} ${response.statusText}`;
    // A full navigation on 401 drops every cached query of the expired session.
    if (response.status === 401 && !path.startsWith("/api/console/") && typeof window !== "undefined") {
      // eslint-disable-next-line @next/next/no-location-assign-relative-destination
      window.location.assign("/sign-in");
    }
    throw new ApiClientError(response.status, message, body);
  }
  return body as T;
}

/** What a write that pushes to the cluster reports: the objects applied and those that failed (with reasons). */
export type ApplyOutcome = { successful: string[]; failed: Record<string, string>; error: string | null };

export type ApplyBody = { data?: { successful_apply?: string[]; failed_to_apply?: string[] | Record<string, string> } | null; error?: string | null };

/** The outcome an answer carries (a write's, or a finished upload job's), null when it has none. */
export function outcomeOf(body: ApplyBody): ApplyOutcome | null {
  const data = body.data;
  if (!data || !Array.isArray(data.successful_apply)) return null;
  const failedRaw = data.failed_to_apply ?? [];
  const reasons = new Map<string, string>();
  // The error names each failure as "name: reason; name: reason".
  for (const part of (body.error ?? "").split("; ")) {
    const m = part.match(/(?:^|: )([a-z0-9][-a-z0-9.]*): (.+)$/);
    if (m) reasons.set(m[1]!, m[2]!);
  }
  const failed = Array.isArray(failedRaw) ? Object.fromEntries(failedRaw.map((n) => [n, reasons.get(n) ?? "failed to apply"])) : failedRaw;
  return { successful: data.successful_apply, failed, error: body.error ?? null };
}

/**
 * A write answered with `successful_apply` / `failed_to_apply`: a 500 that carries that shape is an
 * outcome (the change is stored, some objects did not reach the cluster), not a thrown error.
 */
export async function applyFetch(path: string, init: RequestInit): Promise<ApplyOutcome> {
  try {
    const body = await apiFetch<ApplyBody>(path, init);
    return outcomeOf(body) ?? { successful: [], failed: {}, error: null };
  } catch (error) {
    if (error instanceof ApiClientError && error.status === 500 && typeof error.body === "object" && error.body !== null) {
      const outcome = outcomeOf(error.body as ApplyBody);
      if (outcome) return outcome;
    }
    throw error;
  }
}

/** A form-urlencoded body (the API's form for patches, bindings and image updates); arrays repeat their key. */
export function formBody(fields: Record<string, string | boolean | readonly string[] | undefined>): URLSearchParams {
  const form = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) form.append(key, v);
    else form.append(key, String(value));
  }
  return form;
}
