"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useLayoutEffect, useMemo, useRef, useState } from "react";
import { countByKind } from "@/components/configs/diff";
import { useConsoleObjects } from "@/components/configs/objects-table";
import type { ConsoleLabel, ConsoleObject, Envelope } from "@/components/configs/types";
import { queryKeys } from "@/components/query-keys";
import { type ApplyOutcome, apiFetch, applyFetch, formBody } from "@/components/ui/api";
import { Button, Card } from "@/components/ui/card";
import { inputClass } from "@/components/ui/page-header";
import { ErrorNote, OutcomeReport } from "@/components/ui/outcome";
import { QueryState } from "@/components/ui/query-state";

type Focus = { type: "label"; name: string } | { type: "object"; name: string } | null;
type Edge = { label: string; object: string };
type Point = { x: number; y: number };

const DENSE = 150;

/**
 * Labels ↔ objects. Kind labels are the grouping itself (objects sit under their kind), so only
 * custom labels draw edges; hovering a label or an object highlights what it is bound to, and a
 * click opens the object. Selecting objects (checkbox mode) feeds the binding form.
 */
export function LabelGraph() {
  const query = useConsoleObjects();
  return <QueryState query={query}>{(data) => <Graph objects={data.objects} labels={data.labels} />}</QueryState>;
}

function Graph({ objects, labels }: { objects: ConsoleObject[]; labels: ConsoleLabel[] }) {
  const router = useRouter();
  const [focus, setFocus] = useState<Focus>(null);
  const [pinned, setPinned] = useState<string | null>(null);
  const [selecting, setSelecting] = useState(false);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  const container = useRef<HTMLDivElement>(null);
  const [points, setPoints] = useState<{ labels: Map<string, Point>; objects: Map<string, Point>; width: number; height: number } | null>(null);

  const kinds = useMemo(() => countByKind(objects), [objects]);
  const kindNames = useMemo(() => new Set(objects.map((o) => o.kind)), [objects]);
  const custom = labels.filter((l) => !l.isDefault && !kindNames.has(l.name));
  const edges = useMemo<Edge[]>(
    () => objects.flatMap((o) => o.labels.filter((l) => l !== o.kind && !kindNames.has(l)).map((label) => ({ label, object: o.name }))),
    [objects, kindNames],
  );
  const active = useMemo<Focus>(() => focus ?? (pinned ? { type: "label", name: pinned } : null), [focus, pinned]);
  const lit = useMemo(() => {
    if (!active) return null;
    const names = new Set<string>([active.name]);
    for (const e of edges) {
      if (active.type === "label" && e.label === active.name) names.add(e.object);
      if (active.type === "object" && e.object === active.name) names.add(e.label);
    }
    if (active.type === "label" && kindNames.has(active.name)) for (const o of objects) if (o.kind === active.name) names.add(o.name);
    return names;
  }, [active, edges, kindNames, objects]);

  // Edge endpoints from the laid-out DOM (labels' right edges, objects' left edges or their collapsed group's header).
  useLayoutEffect(() => {
    const root = container.current;
    if (!root) return;
    const measure = () => {
      const box = root.getBoundingClientRect();
      const labelPoints = new Map<string, Point>();
      const objectPoints = new Map<string, Point>();
      root.querySelectorAll<HTMLElement>("[data-label-node]").forEach((el) => {
        const r = el.getBoundingClientRect();
        labelPoints.set(el.dataset.labelNode!, { x: r.right - box.left, y: r.top + r.height / 2 - box.top });
      });
      root.querySelectorAll<HTMLElement>("[data-object-node]").forEach((el) => {
        const r = el.getBoundingClientRect();
        objectPoints.set(el.dataset.objectNode!, { x: r.left - box.left, y: r.top + r.height / 2 - box.top });
      });
      setPoints({ labels: labelPoints, objects: objectPoints, width: box.width, height: root.scrollHeight });
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(root);
    return () => observer.disconnect();
  }, [objects, labels, collapsed]);

  const pointOf = (object: string): Point | undefined => {
    const direct = points?.objects.get(object);
    if (direct) return direct;
    const kind = objects.find((o) => o.name === object)?.kind;
    return kind ? points?.objects.get(`kind:${kind}`) : undefined;
  };

  function toggle(name: string) {
    const next = new Set(selected);
    if (next.has(name)) next.delete(name);
    else next.add(name);
    setSelected(next);
  }

  return (
    <div className="grid grid-cols-1 gap-4 2xl:grid-cols-[1fr_24rem]">
      <div className="min-w-0 rounded-md border border-slate-200 bg-white">
        <div className="flex items-center gap-3 border-b border-slate-200 px-3 py-2 text-xs text-slate-600">
          <span data-testid="graph-summary">
            {custom.length} custom label{custom.length === 1 ? "" : "s"} · {edges.length} binding{edges.length === 1 ? "" : "s"} · {objects.length} objects in {kinds.length} kinds
          </span>
          <label className="ml-auto flex items-center gap-1">
            <input type="checkbox" checked={selecting} onChange={(e) => setSelecting(e.target.checked)} /> select objects to bind
          </label>
          <Button variant="secondary" onClick={() => setCollapsed(collapsed.size ? new Set() : new Set(kinds.map((k) => k.kind)))}>
            {collapsed.size ? "Expand all" : "Collapse all"}
          </Button>
        </div>
        <div ref={container} className="relative grid grid-cols-[14rem_1fr] gap-x-24 p-3" data-testid="label-graph">
          <svg className="pointer-events-none absolute inset-0" width={points?.width ?? 0} height={points?.height ?? 0} aria-hidden>
            {points &&
              // Hundreds of bindings: only the highlighted ones are drawn (the rest would be a blur).
              (edges.length > DENSE ? edges.filter((e) => lit?.has(e.label) && lit.has(e.object)) : edges).map((e) => {
                const from = points.labels.get(e.label);
                const to = pointOf(e.object);
                if (!from || !to) return null;
                const on = lit?.has(e.label) && lit.has(e.object);
                const mid = (from.x + to.x) / 2;
                return (
                  <path
                    key={`${e.label}>${e.object}`}
                    d={`M${from.x},${from.y} C${mid},${from.y} ${mid},${to.y} ${to.x},${to.y}`}
                    fill="none"
                    stroke={on ? "#0284c7" : "#cbd5e1"}
                    strokeWidth={on ? 1.6 : 0.8}
                    opacity={lit && !on ? 0.25 : 1}
                  />
                );
              })}
          </svg>
          <div className="relative z-10 flex flex-col gap-1" aria-label="Labels">
            <div className="text-xs font-semibold uppercase tracking-wide text-slate-500">Custom labels</div>
            {custom.length === 0 && <p className="text-xs text-slate-400">None yet: bind one with the form.</p>}
            {custom.map((l) => (
              <LabelNode key={l.name} label={l} lit={lit} pinned={pinned === l.name} onFocus={setFocus} onPin={() => setPinned(pinned === l.name ? null : l.name)} />
            ))}
            <div className="mt-3 text-xs font-semibold uppercase tracking-wide text-slate-500">Kind labels</div>
            {labels
              .filter((l) => l.isDefault || kindNames.has(l.name))
              .filter((l) => l.objects > 0)
              .map((l) => (
                <LabelNode key={l.name} label={l} lit={lit} pinned={pinned === l.name} onFocus={setFocus} onPin={() => setPinned(pinned === l.name ? null : l.name)} />
              ))}
          </div>
          <div className="relative z-10 flex flex-col gap-2" aria-label="Objects by kind">
            {kinds.map(({ kind, items }) => {
              const closed = collapsed.has(kind);
              return (
                <section key={kind} className={`rounded border ${lit?.has(kind) ? "border-sky-300 bg-sky-50/50" : "border-slate-200"}`} data-testid="kind-group">
                  <button
                    type="button"
                    data-object-node={closed ? `kind:${kind}` : undefined}
                    onClick={() => {
                      const next = new Set(collapsed);
                      if (closed) next.delete(kind);
                      else next.add(kind);
                      setCollapsed(next);
                    }}
                    className="flex w-full items-center gap-1 px-2 py-1 text-left text-xs font-semibold text-slate-700"
                  >
                    {closed ? "▸" : "▾"} {kind} <span className="font-normal text-slate-500">({items.length})</span>
                  </button>
                  {!closed && (
                    <div className="flex flex-wrap gap-1 px-2 pb-2">
                      {items.map((o) => {
                        const on = lit?.has(o.name);
                        const isSelected = selected.has(o.name);
                        return (
                          <button
                            key={o.name}
                            type="button"
                            data-object-node={o.name}
                            data-testid="graph-object"
                            aria-pressed={selecting ? isSelected : undefined}
                            onMouseEnter={() => setFocus({ type: "object", name: o.name })}
                            onMouseLeave={() => setFocus(null)}
                            onFocus={() => setFocus({ type: "object", name: o.name })}
                            onBlur={() => setFocus(null)}
                            onClick={() => (selecting ? toggle(o.name) : router.push(`/objects/${encodeURIComponent(o.name)}`))}
                            className={`rounded px-1.5 py-0.5 font-mono text-[11px] ring-1 ring-inset ${
                              isSelected
                                ? "bg-slate-900 text-white ring-slate-900"
                                : on
                                  ? "bg-sky-100 text-sky-900 ring-sky-400"
                                  : lit
                                    ? "bg-white text-slate-400 ring-slate-200"
                                    : "bg-white text-slate-700 ring-slate-200 hover:ring-slate-400"
                            }`}
                          >
                            {o.name}
                          </button>
                        );
                      })}
                    </div>
                  )}
                </section>
              );
            })}
          </div>
        </div>
      </div>
      <div className="flex flex-col gap-4">
        <BindingForm objects={objects} labels={custom} selected={selected} onDone={() => setSelected(new Set())} />
        {pinned && <LabelMembers label={pinned} objects={objects} isKind={kindNames.has(pinned)} />}
        <DefaultsCard />
      </div>
    </div>
  );
}

function LabelNode({ label, lit, pinned, onFocus, onPin }: { label: ConsoleLabel; lit: Set<string> | null; pinned: boolean; onFocus: (f: Focus) => void; onPin: () => void }) {
  const on = lit?.has(label.name);
  return (
    <button
      type="button"
      data-label-node={label.name}
      data-testid="graph-label"
      aria-pressed={pinned}
      onMouseEnter={() => onFocus({ type: "label", name: label.name })}
      onMouseLeave={() => onFocus(null)}
      onFocus={() => onFocus({ type: "label", name: label.name })}
      onBlur={() => onFocus(null)}
      onClick={onPin}
      className={`flex items-center justify-between rounded px-2 py-0.5 text-left text-xs ring-1 ring-inset ${
        pinned ? "bg-slate-900 text-white ring-slate-900" : on ? "bg-sky-100 text-sky-900 ring-sky-400" : lit ? "text-slate-400 ring-slate-200" : "text-slate-800 ring-slate-200 hover:ring-slate-400"
      }`}
    >
      <span className="truncate font-mono">{label.name}</span>
      <span className="ml-2 text-[11px] opacity-70">{label.objects}</span>
    </button>
  );
}

function useInvalidateStore() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: queryKeys.configStore() });
}

function BindingForm({ objects, labels, selected, onDone }: { objects: ConsoleObject[]; labels: ConsoleLabel[]; selected: Set<string>; onDone: () => void }) {
  const invalidate = useInvalidateStore();
  const listId = useId();
  const objectListId = useId();
  const [label, setLabel] = useState("");
  const [typed, setTyped] = useState("");
  const names = [...new Set([...selected, ...typed.split(/[\s,]+/).filter(Boolean)])];
  const bind = useMutation({
    mutationFn: () => applyFetch("/resource_labels/binding", { method: "POST", body: formBody({ label: [label], object_name: names }) }),
    onSuccess: () => {
      setTyped("");
      onDone();
    },
    onSettled: invalidate,
  });
  return (
    <Card title="Bind a label">
      <form
        aria-label="Bind a label"
        className="flex flex-col gap-2 text-xs"
        onSubmit={(e) => {
          e.preventDefault();
          bind.mutate();
        }}
      >
        <input required aria-label="Label name" list={listId} className={`${inputClass} font-mono`} placeholder="label (new or existing)" value={label} onChange={(e) => setLabel(e.target.value.trim())} />
        <datalist id={listId}>
          {labels.map((l) => (
            <option key={l.name} value={l.name} />
          ))}
        </datalist>
        <input aria-label="Objects to bind" list={objectListId} className={`${inputClass} font-mono`} placeholder="object names (space or comma separated)" value={typed} onChange={(e) => setTyped(e.target.value)} />
        <datalist id={objectListId}>
          {objects.map((o) => (
            <option key={o.name} value={o.name} />
          ))}
        </datalist>
        <p className="text-slate-500">
          {names.length} object{names.length === 1 ? "" : "s"}
          {selected.size > 0 && ` (${selected.size} selected in the graph)`}
        </p>
        <div>
          <Button type="submit" disabled={!label || names.length === 0 || bind.isPending}>
            {bind.isPending ? "Binding…" : "Bind"}
          </Button>
        </div>
        {bind.data && <OutcomeReport outcome={bind.data} title="Binding" />}
        <ErrorNote error={bind.error} />
      </form>
    </Card>
  );
}

/** A label's objects, each unbindable: only that binding goes, the object's other labels stay. */
function LabelMembers({ label, objects, isKind }: { label: string; objects: ConsoleObject[]; isKind: boolean }) {
  const invalidate = useInvalidateStore();
  const [outcome, setOutcome] = useState<ApplyOutcome | null>(null);
  const members = objects.filter((o) => o.labels.includes(label));
  const unbind = useMutation({
    mutationFn: (object: ConsoleObject) =>
      applyFetch(`/resource_labels/binding/${encodeURIComponent(object.name)}?${new URLSearchParams({ label })}`, { method: "DELETE" }),
    onSuccess: setOutcome,
    onSettled: invalidate,
  });
  return (
    <Card title={`Label ${label}`}>
      {isKind ? (
        <p className="text-xs text-slate-500">A kind label: every {label} is bound to it and cannot be unbound.</p>
      ) : (
        <ul className="max-h-72 divide-y divide-slate-100 overflow-auto text-xs" data-testid="label-members">
          {members.map((o) => (
            <li key={o.name} className="flex items-center justify-between py-1">
              <span className="font-mono">{o.name}</span>
              <Button variant="secondary" disabled={unbind.isPending} onClick={() => unbind.mutate(o)} aria-label={`Unbind ${o.name}`}>
                Unbind
              </Button>
            </li>
          ))}
          {members.length === 0 && <li className="py-1 text-slate-500">No objects.</li>}
        </ul>
      )}
      {outcome && (
        <div className="mt-2">
          <OutcomeReport outcome={outcome} title="Unbind" />
        </div>
      )}
      <ErrorNote error={unbind.error} />
    </Card>
  );
}

function DefaultsCard() {
  const invalidate = useInvalidateStore();
  const update = useMutation({
    mutationFn: async () => (await apiFetch<Envelope<{ labels_created: number; bindings_created: number }>>("/resource_labels/update-defaults", { method: "POST" })).data,
    onSettled: invalidate,
  });
  return (
    <Card
      title="Default labels"
      actions={
        <Button variant="secondary" onClick={() => update.mutate()} disabled={update.isPending}>
          {update.isPending ? "Updating…" : "Update defaults"}
        </Button>
      }
    >
      <p className="text-xs text-slate-500">Creates missing kind labels and binds every object to its kind.</p>
      {update.data && (
        <p role="status" className="mt-1 text-xs text-emerald-800">
          Defaults updated: {update.data.labels_created} label(s), {update.data.bindings_created} binding(s) created.
        </p>
      )}
      <ErrorNote error={update.error} />
    </Card>
  );
}
