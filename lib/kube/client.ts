// A thin generic client on @kubernetes/client-node: requests go through client-node's
// configuration (kubeconfig auth, TLS, its HTTP library and middleware) and come back as the
// API server's plain JSON (client-node's typed models would drop unknown fields and turn
// timestamps into Dates, which breaks comparing live objects with configs).
import { ApiException, HttpMethod, KubernetesObjectApi, type ResponseContext } from "@kubernetes/client-node";
import { toJson } from "@/lib/materialize/json-write";

export interface RawRequest {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  contentType?: string;
  /** Abort when the server has not answered within this time. */
  timeoutMs?: number;
}

export class RawKubeClient extends KubernetesObjectApi {
  async request<T>(req: RawRequest): Promise<T> {
    const ctx = this.configuration.baseServer.makeRequestContext(req.path, HttpMethod[req.method]);
    ctx.setHeaderParam("Accept", "application/json, */*;q=0.8");
    if (req.timeoutMs) ctx.setSignal(AbortSignal.timeout(req.timeoutMs));
    for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) ctx.setQueryParam(k, String(v));
    if (req.body !== undefined) {
      ctx.setHeaderParam("Content-Type", req.contentType ?? "application/json");
      ctx.setBody(typeof req.body === "string" ? req.body : toJson(req.body));
    }
    return (await this.requestPromise(ctx)) as T;
  }

  protected override async processResponse<T>(response: ResponseContext): Promise<T> {
    const text = await response.body.text();
    const type = response.headers["content-type"] ?? "";
    if (response.httpStatusCode >= 200 && response.httpStatusCode <= 299) {
      return (type.includes("json") && text ? JSON.parse(text) : text) as T;
    }
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    throw new ApiException(response.httpStatusCode, "Unsuccessful HTTP Request", body, response.headers);
  }
}
