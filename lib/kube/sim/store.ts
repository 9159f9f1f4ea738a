// In-memory object storage with resourceVersions, change events and debounced, atomic
// persistence to a JSON file (so a restart keeps the cluster).
import { EventEmitter } from "node:events";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { clone, obj, str, type Obj } from "./json";
import type { ResourceType } from "./registry";

export type WatchEventType = "ADDED" | "MODIFIED" | "DELETED";

export interface StoreEvent {
  type: WatchEventType;
  rt: ResourceType;
  object: Obj;
  /** The resourceVersion the change produced. */
  rv: number;
}

/** How many recent changes a watch can resume from (older resourceVersions get 410 Gone). */
const HISTORY = 2000;

interface PersistedState {
  version: 1;
  resourceVersion: number;
  objects: Record<string, Obj>;
}

function key(rt: ResourceType, namespace: string | undefined, name: string): string {
  return `${rt.group}/${rt.plural}/${rt.namespaced ? (namespace ?? "") : ""}/${name}`;
}

function prefix(rt: ResourceType, namespace?: string): string {
  return `${rt.group}/${rt.plural}/${rt.namespaced && namespace ? `${namespace}/` : ""}`;
}

export class Store {
  private objects = new Map<string, Obj>();
  private rv = 0;
  private readonly events = new EventEmitter();
  private saveTimer: NodeJS.Timeout | undefined;
  private readonly history: StoreEvent[] = [];
  /** How long the last save took: saves wait at least 10× that, so they cost ≤ ~10% of a CPU. */
  private lastSaveMs = 0;

  constructor(
    private readonly file: string | undefined,
    private readonly saveDelayMs = 100,
  ) {
    this.events.setMaxListeners(0);
    if (file) this.load(file);
  }

  private load(file: string): void {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      return;
    }
    let state: PersistedState;
    try {
      state = JSON.parse(text) as PersistedState;
    } catch (e) {
      throw new Error(`simulator state ${file} is not valid JSON (${(e as Error).message}); move it away to start with an empty cluster`);
    }
    this.rv = state.resourceVersion;
    this.objects = new Map(Object.entries(state.objects).map(([k, v]) => [k, deepFreeze(v)]));
  }

  get resourceVersion(): string {
    return String(this.rv);
  }

  get(rt: ResourceType, namespace: string | undefined, name: string): Obj | undefined {
    const o = this.objects.get(key(rt, namespace, name));
    return o && clone(o);
  }

  /** The stored objects (deep-frozen: read them, clone before changing), sorted by namespace/name. */
  list(rt: ResourceType, namespace?: string): Obj[] {
    const p = prefix(rt, namespace);
    const out: Obj[] = [];
    for (const [k, v] of this.objects) if (k.startsWith(p)) out.push(v);
    return out.sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
  }

  /** Stores the object (create or replace), stamping a new resourceVersion. Returns a copy. */
  put(rt: ResourceType, o: Obj): Obj {
    const m = obj(o.metadata);
    const k = key(rt, str(m.namespace), str(m.name) ?? "");
    const existed = this.objects.has(k);
    const stored = clone(o);
    obj(stored.metadata).resourceVersion = String(++this.rv);
    deepFreeze(stored);
    this.objects.set(k, stored);
    this.changed({ type: existed ? "MODIFIED" : "ADDED", rt, object: stored, rv: this.rv });
    return clone(stored);
  }

  remove(rt: ResourceType, namespace: string | undefined, name: string): Obj | undefined {
    const k = key(rt, namespace, name);
    const existing = this.objects.get(k);
    if (!existing) return undefined;
    this.objects.delete(k);
    const gone = clone(existing);
    obj(gone.metadata).resourceVersion = String(++this.rv);
    this.changed({ type: "DELETED", rt, object: deepFreeze(clone(gone)), rv: this.rv });
    return gone;
  }

  /** Listeners get the stored (frozen) object. */
  onChange(listener: (e: StoreEvent) => void): () => void {
    this.events.on("change", listener);
    return () => this.events.off("change", listener);
  }

  /** Changes after resourceVersion `rv`, or undefined when they are no longer all remembered. */
  changesSince(rv: number): StoreEvent[] | undefined {
    const first = this.history[0];
    if (rv >= this.rv) return [];
    if (!first || first.rv > rv + 1) return undefined;
    return this.history.filter((e) => e.rv > rv);
  }

  private changed(e: StoreEvent): void {
    this.history.push(e);
    if (this.history.length > HISTORY) this.history.shift();
    this.scheduleSave();
    this.events.emit("change", e);
  }

  private scheduleSave(): void {
    if (!this.file || this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      try {
        this.flush();
      } catch (e) {
        console.error(`[sim] could not save the cluster state to ${this.file ?? ""}:`, e);
      }
    }, Math.max(this.saveDelayMs, 10 * this.lastSaveMs));
    this.saveTimer.unref();
  }

  /** Writes the state now (temp file + rename, so a crash never leaves a torn file). */
  flush(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    if (!this.file) return;
    const started = performance.now();
    const state: PersistedState = {
      version: 1,
      resourceVersion: this.rv,
      objects: Object.fromEntries(this.objects),
    };
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(state));
    renameSync(tmp, this.file);
    this.lastSaveMs = performance.now() - started;
  }
}

function deepFreeze<T>(v: T): T {
  if (typeof v === "object" && v !== null && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const child of Object.values(v)) deepFreeze(child);
  }
  return v;
}

function sortKey(o: Obj): string {
  const m = obj(o.metadata);
  return `${str(m.namespace) ?? ""}/${str(m.name) ?? ""}`;
}
