// Container logs, generated from the pod's lifecycle: a start line, the ports it listens on, a
// heartbeat every `logIntervalMs` while it runs, and a completion line for finished containers.
import { badRequest } from "./errors";
import { arr, obj, str, type Obj } from "./json";

export interface LogLine {
  time: number;
  text: string;
}

export interface LogQuery {
  container?: string | null;
  sinceTime?: string | null;
  sinceSeconds?: string | null;
  tailLines?: string | null;
  timestamps?: string | null;
  previous?: string | null;
  limitBytes?: string | null;
}

const MAX_HEARTBEATS = 5000;

/** Which container of the pod the request is for (errors worded as the API server words them). */
export function pickContainer(pod: Obj, requested: string | null | undefined): Obj {
  const name = str(obj(pod.metadata).name) ?? "";
  const containers = arr(obj(pod.spec).containers).map(obj);
  if (!requested) {
    if (containers.length === 1 && containers[0]) return containers[0];
    throw badRequest(`a container name must be specified for pod ${name}, choose one of: [${containers.map((c) => String(c.name)).join(" ")}]`);
  }
  const c = containers.find((x) => x.name === requested);
  if (!c) throw badRequest(`container ${requested} is not valid for pod ${name}`);
  return c;
}

export function containerLines(pod: Obj, container: Obj, intervalMs: number, nowMs = Date.now()): LogLine[] {
  const podName = str(obj(pod.metadata).name) ?? "";
  const cname = str(container.name) ?? "";
  const status = arr(obj(pod.status).containerStatuses)
    .map(obj)
    .find((s) => s.name === cname);
  const state = obj(status?.state);
  const running = obj(state.running);
  const terminated = obj(state.terminated);
  const started = Date.parse(str(running.startedAt) ?? str(terminated.startedAt) ?? "");
  if (!Number.isFinite(started)) {
    const reason = str(obj(state.waiting).reason) ?? "ContainerCreating";
    throw badRequest(`container "${cname}" in pod "${podName}" is waiting to start: ${reason}`);
  }
  const finished = Date.parse(str(terminated.finishedAt) ?? "");
  const end = Number.isFinite(finished) ? finished : nowMs;
  const lines: LogLine[] = [{ time: started, text: `starting ${cname} (image ${str(container.image) ?? "?"}) in pod ${podName}` }];
  for (const p of arr(container.ports)) {
    const port = obj(p);
    lines.push({ time: started, text: `listening on :${String(port.containerPort)}${port.protocol && port.protocol !== "TCP" ? `/${String(port.protocol)}` : ""}` });
  }
  lines.push({ time: started, text: `${cname} is ready` });
  const beats = Math.floor((end - started) / intervalMs);
  for (let i = Math.max(1, beats - MAX_HEARTBEATS + 1); i <= beats; i++) {
    lines.push({ time: started + i * intervalMs, text: `heartbeat ${i}: ${podName} healthy` });
  }
  if (Number.isFinite(finished)) lines.push({ time: finished, text: `${cname} completed successfully (exit code 0)` });
  return lines;
}

function rfc3339Nano(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$1000000Z");
}

export function renderLogs(lines: LogLine[], q: LogQuery, nowMs = Date.now()): string {
  if (q.previous === "true") throw badRequest("previous terminated container not found");
  let out = lines;
  if (q.sinceTime) {
    const since = Date.parse(q.sinceTime);
    if (!Number.isFinite(since)) throw badRequest(`invalid sinceTime: "${q.sinceTime}"`);
    out = out.filter((l) => l.time >= since);
  } else if (q.sinceSeconds) {
    const s = Number(q.sinceSeconds);
    if (!Number.isInteger(s) || s < 1) throw badRequest("sinceSeconds: Invalid value: must be greater than 0");
    out = out.filter((l) => l.time >= nowMs - s * 1000);
  }
  if (q.tailLines) {
    const n = Number(q.tailLines);
    if (!Number.isInteger(n) || n < 0) throw badRequest("tailLines: Invalid value: must be greater than or equal to 0");
    out = n === 0 ? [] : out.slice(-n);
  }
  let text = out.map((l) => `${q.timestamps === "true" ? `${rfc3339Nano(l.time)} ` : ""}${l.text}\n`).join("");
  if (q.limitBytes) text = text.slice(0, Math.max(0, Number(q.limitBytes)));
  return text;
}
