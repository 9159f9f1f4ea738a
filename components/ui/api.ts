/** Browser-side calls to the API, authenticated by the session cookie. */

export const API_ROOT = "/api/v1/control_plane";

export class ApiClientError extends Error {
  constructor(
    readonly status: number,
    message: string,
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
    throw new ApiClientError(response.status, message);
  }
  return body as T;
}
