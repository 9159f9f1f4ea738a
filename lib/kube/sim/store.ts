// In-memory object storage with resourceVersions, change events and debounced, atomic
// persistence to a JSON file (so a restart keeps the cluster).
import { EventEmitter } from "node:events";
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { arr, clone, obj, str, type Obj } from "./json";
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
  return `${typePrefix(rt)}${rt.namespaced && namespace ? `${namespace}/` : ""}`;
}

function typePrefix(rt: ResourceType): string {
  return `${rt.group}/${rt.plural}/`;
}

const byKey = (a: [string, Obj], b: [string, Obj]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/** `group/plural/` of a key (the core group is empty: `/pods/`). */
function typeOfKey(k: string): string {
  return k.slice(0, k.indexOf("/", k.indexOf("/") + 1) + 1);
}

function addTo(index: Map<string, Set<string>>, at: string, k: string): void {
  let keys = index.get(at);
  if (!keys) index.set(at, (keys = new Set()));
  keys.add(k);
}

function removeFrom(index: Map<string, Set<string>>, at: string, k: string): void {
  const keys = index.get(at);
  keys?.delete(k);
  if (keys?.size === 0) index.delete(at);
}

/** The uids in an object's ownerReferences, and whether one of them is its controller. */
function owners(o: Obj): { uids: string[]; controlled: boolean } {
  const refs = arr(obj(o.metadata).ownerReferences).map(obj);
  return { uids: refs.map((r) => str(r.uid)).filter((u): u is string => u !== undefined), controlled: refs.some((r) => r.controller === true) };
}

/**
 * Objects are kept by key and indexed by type (a LIST reads one type, not the whole cluster), by
 * owner uid (garbage collection, controllers claiming their pods) and, per type, those without a
 * controlling owner (orphans a controller may adopt): with thousands of pods, controllers stay
 * proportional to what they own.
 */
export class Store {
  private objects = new Map<string, Obj>();
  private readonly byType = new Map<string, Set<string>>();
  private readonly byOwner = new Map<string, Set<string>>();
  private readonly uncontrolled = new Map<string, Set<string>>();
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
    for (const [k, v] of this.objects) this.index(k, v);
  }

  private index(k: string, o: Obj): void {
    const type = typeOfKey(k);
    addTo(this.byType, type, k);
    const { uids, controlled } = owners(o);
    for (const uid of uids) addTo(this.byOwner, uid, k);
    if (!controlled) addTo(this.uncontrolled, type, k);
  }

  private unindex(k: string, o: Obj): void {
    const type = typeOfKey(k);
    removeFrom(this.byType, type, k);
    for (const uid of owners(o).uids) removeFrom(this.byOwner, uid, k);
    removeFrom(this.uncontrolled, type, k);
  }

  private sorted(keys: Iterable<string>, p: string): Obj[] {
    const out: [string, Obj][] = [];
    for (const k of keys) {
      const o = k.startsWith(p) ? this.objects.get(k) : undefined;
      if (o) out.push([k, o]);
    }
    return out.sort(byKey).map(([, o]) => o);
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
    return this.sorted(this.byType.get(typePrefix(rt)) ?? [], prefix(rt, namespace));
  }

  /** Objects of type `rt` (in `namespace`) with `uid` among their ownerReferences (frozen, sorted). */
  dependents(uid: string, rt: ResourceType, namespace?: string): Obj[] {
    return this.sorted(this.byOwner.get(uid) ?? [], prefix(rt, namespace));
  }

  /** Objects of type `rt` (in `namespace`) that no controller owns (frozen, sorted). */
  uncontrolledOf(rt: ResourceType, namespace?: string): Obj[] {
    return this.sorted(this.uncontrolled.get(typePrefix(rt)) ?? [], prefix(rt, namespace));
  }

  /** Stores the object (create or replace), stamping a new resourceVersion. Returns a copy. */
  put(rt: ResourceType, o: Obj): Obj {
    const m = obj(o.metadata);
    const k = key(rt, str(m.namespace), str(m.name) ?? "");
    const existing = this.objects.get(k);
    const existed = existing !== undefined;
    const stored = clone(o);
    obj(stored.metadata).resourceVersion = String(++this.rv);
    deepFreeze(stored);
    if (existing) this.unindex(k, existing);
    this.objects.set(k, stored);
    this.index(k, stored);
    this.changed({ type: existed ? "MODIFIED" : "ADDED", rt, object: stored, rv: this.rv });
    return clone(stored);
  }

  remove(rt: ResourceType, namespace: string | undefined, name: string): Obj | undefined {
    const k = key(rt, namespace, name);
    const existing = this.objects.get(k);
    if (!existing) return undefined;
    this.objects.delete(k);
    this.unindex(k, existing);
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
    mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
    const tmp = `${this.file}.${process.pid}.tmp`;
    // The state holds Secret data: owner-only, also when a torn temp file of an earlier run is reused.
    writeFileSync(tmp, JSON.stringify(state), { mode: 0o600 });
    chmodSync(tmp, 0o600);
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
