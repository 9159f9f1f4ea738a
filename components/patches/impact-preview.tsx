"use client";

import Link from "next/link";
import { useMemo, useState } from "react";
import { type ChangeGroup, countByKind, groupChanges } from "@/components/configs/diff";
import type { ImpactEntry } from "@/components/configs/types";
import { Badge, Button } from "@/components/ui/card";
import { CodeDiff } from "@/components/ui/monaco";

const SHOWN_GROUPS = 12;

/**
 * What a change does, before it is made: every affected object grouped by kind (with counts), the
 * objects skipped and why, and a before/after diff per distinct change — identical changes on many
 * objects collapse into one diff marked ×N.
 */
export function ImpactPreview({ entries, skipped }: { entries: readonly ImpactEntry[]; skipped: readonly string[] }) {
  const groups = useMemo(() => groupChanges(entries), [entries]);
  const kinds = useMemo(() => countByKind(entries), [entries]);
  const [showAll, setShowAll] = useState(false);
  const changed = entries.length - (groups.find((g) => g.signature === "")?.objects.length ?? 0);
  return (
    <div className="flex flex-col gap-3" data-testid="impact-preview">
      <div className="rounded-md border border-slate-200 bg-white">
        <h3 className="flex items-center gap-2 border-b border-slate-200 px-3 py-2 text-xs font-semibold uppercase tracking-wide text-slate-500">
          Affected objects
          <span className="font-normal normal-case text-slate-700" data-testid="impact-summary">
            {entries.length} object{entries.length === 1 ? "" : "s"} · {changed} changed · {groups.filter((g) => g.signature).length} distinct change
            {groups.filter((g) => g.signature).length === 1 ? "" : "s"}
            {skipped.length > 0 && ` · ${skipped.length} skipped`}
          </span>
        </h3>
        <div className="max-h-56 overflow-auto px-3 py-2 text-xs">
          {kinds.map((k) => (
            <div key={k.kind} className="mb-1.5" data-testid="impact-kind">
              <div className="font-semibold text-slate-700">
                {k.kind} <span className="font-normal text-slate-500">({k.items.length})</span>
              </div>
              <div className="flex flex-wrap gap-x-3 gap-y-0.5 font-mono">
                {k.items.map((e) => (
                  <Link key={e.objectName} href={`/objects/${encodeURIComponent(e.objectName)}`} className="text-sky-800 hover:underline" data-testid="impact-object">
                    {e.objectName}
                  </Link>
                ))}
              </div>
            </div>
          ))}
          {skipped.length > 0 && (
            <div className="mt-2" data-testid="impact-skipped">
              <div className="font-semibold text-amber-800">Skipped ({skipped.length})</div>
              <ul className="ml-4 list-disc text-slate-700">
                {skipped.map((m) => (
                  <li key={m}>{m}</li>
                ))}
              </ul>
            </div>
          )}
          {entries.length === 0 && skipped.length === 0 && <p className="text-slate-500">No object is affected.</p>}
        </div>
      </div>
      {(showAll ? groups : groups.slice(0, SHOWN_GROUPS)).map((g) => (
        <GroupDiff key={g.signature || "unchanged"} group={g} />
      ))}
      {!showAll && groups.length > SHOWN_GROUPS && (
        <Button variant="secondary" onClick={() => setShowAll(true)}>
          Show {groups.length - SHOWN_GROUPS} more distinct changes
        </Button>
      )}
    </div>
  );
}

function GroupDiff({ group }: { group: ChangeGroup }) {
  const [open, setOpen] = useState(true);
  const [sample, setSample] = useState(0);
  const entry = group.objects[sample] ?? group.objects[0]!;
  const lines = Math.max(entry.before.split("\n").length, entry.after.split("\n").length);
  const unchanged = group.signature === "";
  return (
    <section className="rounded-md border border-slate-200 bg-white" data-testid="impact-group">
      <header className="flex flex-wrap items-center gap-2 border-b border-slate-200 px-3 py-1.5 text-xs">
        <button type="button" className="text-slate-500" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? "▾" : "▸"}
        </button>
        {group.objects.length > 1 && (
          <Badge tone="neutral">
            <span data-testid="group-count">×{group.objects.length}</span>
          </Badge>
        )}
        {unchanged ? (
          <span className="text-slate-500">no change</span>
        ) : (
          <span className="font-mono">
            <span className="text-emerald-700">+{group.stats.added}</span> <span className="text-red-700">−{group.stats.removed}</span>
          </span>
        )}
        <span className="min-w-0 flex-1 truncate font-mono text-slate-600" title={group.objects.map((o) => o.objectName).join(", ")} data-testid="group-objects">
          {group.objects.map((o) => o.objectName).join(", ")}
        </span>
        {group.objects.length > 1 && (
          <label className="flex items-center gap-1 text-slate-500">
            showing
            <select aria-label="Object shown in the diff" className="rounded border border-slate-300 px-1 font-mono" value={sample} onChange={(e) => setSample(Number(e.target.value))}>
              {group.objects.map((o, i) => (
                <option key={o.objectName} value={i}>
                  {o.objectName}
                </option>
              ))}
            </select>
          </label>
        )}
      </header>
      {open && !unchanged && (
        <div className="p-2">
          <CodeDiff height={Math.min(420, Math.max(120, lines * 18 + 10))} language="yaml" original={entry.before} modified={entry.after} options={{ hideUnchangedRegions: { enabled: true } }} />
        </div>
      )}
    </section>
  );
}
