import http from "node:http";

/** A request as the fault rule sees it: method, path (no query) and whether it is a server-side apply. */
export type ProxiedRequest = { method: string; path: string; isApply: boolean };
/** What the proxy answers instead of forwarding: a Kubernetes `Status` with this code (and headers). */
export type Fault = { status: number; headers?: Record<string, string> };

/**
 * An HTTP proxy in front of a (simulated) Kubernetes API server. `fault` decides, per request,
 * whether to answer with an error instead of forwarding; `applyDelayMs` holds each apply that long
 * so parallel applies overlap. It records every request (method, path, time) and the most applies
 * it saw in flight at once.
 */
export async function startFaultProxy(target: string) {
  const state = {
    fault: undefined as ((req: ProxiedRequest) => Fault | undefined) | undefined,
    applyDelayMs: 0,
    requests: [] as { method: string; path: string; at: number }[],
    appliesInFlight: 0,
    maxAppliesInFlight: 0,
  };
  const server = http.createServer((req, res) => {
    const request: ProxiedRequest = {
      method: req.method ?? "GET",
      path: new URL(req.url ?? "/", target).pathname,
      isApply: req.method === "PATCH" && (req.headers["content-type"] ?? "").includes("apply-patch"),
    };
    state.requests.push({ method: request.method, path: request.path, at: Date.now() });
    const fault = state.fault?.(request);
    if (fault) {
      req.resume();
      res.writeHead(fault.status, { "content-type": "application/json", ...fault.headers });
      res.end(JSON.stringify({ kind: "Status", apiVersion: "v1", status: "Failure", code: fault.status, message: `injected fault ${fault.status}` }));
      return;
    }
    const forward = () => {
      const upstream = http.request(new URL(req.url ?? "/", target), { method: req.method, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
        up.on("end", done);
      });
      upstream.on("error", () => {
        done();
        res.destroy();
      });
      req.pipe(upstream);
    };
    let finished = false;
    const done = () => {
      if (finished || !request.isApply) return;
      finished = true;
      state.appliesInFlight--;
    };
    if (request.isApply) {
      state.appliesInFlight++;
      state.maxAppliesInFlight = Math.max(state.maxAppliesInFlight, state.appliesInFlight);
    }
    if (request.isApply && state.applyDelayMs > 0) setTimeout(forward, state.applyDelayMs);
    else forward();
  });
  return new Promise<{ url: string; state: typeof state; close(): Promise<void> }>((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      resolve({ url: `http://127.0.0.1:${port}`, state, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}
