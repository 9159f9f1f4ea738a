/** Small helpers for talking to a started app over real HTTP. */

export type Target = { apiRoot: string; token: string | null };

export type ApiResponse = { status: number; headers: Headers; body: unknown; text: string };

export async function call(
  target: Target,
  method: string,
  path: string,
  options: { body?: BodyInit; json?: unknown; form?: Record<string, string>; headers?: Record<string, string>; token?: string | null } = {},
): Promise<ApiResponse> {
  const headers: Record<string, string> = { ...options.headers };
  const token = options.token === undefined ? target.token : options.token;
  if (token !== null) headers.Token = token;
  let body = options.body;
  if (options.json !== undefined) {
    headers["content-type"] ??= "application/json";
    body = JSON.stringify(options.json);
  } else if (options.form) {
    headers["content-type"] ??= "application/x-www-form-urlencoded";
    body = new URLSearchParams(options.form).toString();
  }
  const response = await fetch(`${target.apiRoot}${path}`, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  return { status: response.status, headers: response.headers, body: parsed, text };
}

export const get = (target: Target, path: string, token?: string | null) => call(target, "GET", path, { token });
