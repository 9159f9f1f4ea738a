"use client";

import { useQuery } from "@tanstack/react-query";
import type * as MonacoApi from "monaco-editor";
import { useEffect, useMemo, useRef, useState } from "react";
import { queryKeys } from "@/components/query-keys";
import { apiFetch } from "@/components/ui/api";
import { Badge } from "@/components/ui/card";
import { CodeEditor } from "@/components/ui/monaco";
import { formatTime } from "@/components/ui/page-header";
import { QueryState } from "@/components/ui/query-state";
import { StateBadge } from "./objects-table";
import { blameSources, describeSource, gutterTag } from "./blame";
import type { ConfigView, Envelope, Provenance } from "./types";
import "./blame.css";

/**
 * The materialized config, read-only, with blame: a gutter naming each line's source (base
 * release, patch version, transform), a hover with the patch description, and the list of sources
 * (click one to jump to its lines).
 */
export function ConfigBlame({ name }: { name: string }) {
  const config = useQuery({
    queryKey: queryKeys.config(name),
    queryFn: () => apiFetch<ConfigView>(`/configs/${encodeURIComponent(name)}`),
  });
  const provenance = useQuery({
    queryKey: queryKeys.provenance(name),
    queryFn: async () => (await apiFetch<Envelope<Provenance>>(`/configs/${encodeURIComponent(name)}/provenance`)).data,
    retry: false,
  });
  const editorRef = useRef<MonacoApi.editor.IStandaloneCodeEditor | null>(null);
  const monacoRef = useRef<typeof MonacoApi | null>(null);
  const decorations = useRef<MonacoApi.editor.IEditorDecorationsCollection | null>(null);
  const [mounted, setMounted] = useState(false);

  // Blame applies only when it describes the config shown (same patch version and text).
  const blame = provenance.data;
  const matches = !!blame && !!config.data && blame.patchVersion === config.data.patchVersion;
  const byLine = useMemo(() => new Map((matches ? blame!.lines : []).map((l) => [l.line, l])), [blame, matches]);
  const sources = useMemo(() => (matches ? blameSources(blame!.lines) : []), [blame, matches]);

  useEffect(() => {
    const editor = editorRef.current;
    const monaco = monacoRef.current;
    if (!editor || !monaco || !mounted) return;
    const width = Math.max(8, ...[...byLine.values()].map((l) => gutterTag(l).length + 5));
    editor.updateOptions({
      lineNumbers: byLine.size ? (n) => `${gutterTag(byLine.get(n)).padEnd(width - 5)}${String(n).padStart(4)}` : "on",
      lineNumbersMinChars: byLine.size ? width : 4,
    });
    decorations.current?.clear();
    decorations.current = editor.createDecorationsCollection(
      [...byLine.values()].map((l) => ({
        range: new monaco.Range(l.line, 1, l.line, 1),
        options: {
          isWholeLine: true,
          linesDecorationsClassName: `blame-${l.source}`,
          hoverMessage: { value: `**${describeSource(l)}**${l.source === "patch" && l.releaseVersion ? ` (on release ${l.releaseVersion})` : ""}` },
        },
      })),
    );
  }, [byLine, mounted]);

  function reveal(lines: number[]) {
    const editor = editorRef.current;
    const monaco = monacoRef.current;
    if (!editor || !monaco || lines.length === 0) return;
    editor.revealLineInCenter(lines[0]!);
    editor.setSelections(lines.map((n) => new monaco.Selection(n, 1, n, editor.getModel()!.getLineMaxColumn(n))));
    editor.focus();
  }

  return (
    <QueryState query={config}>
      {(c) => (
        <div className="grid grid-cols-1 gap-3 xl:grid-cols-[1fr_22rem]">
          <div className="min-w-0">
            <div className="mb-2 flex flex-wrap items-center gap-2 text-xs text-slate-600" data-testid="config-header">
              <span>
                release <span className="font-mono">{c.releaseVersion}</span>
              </span>
              <span>
                patch <span className="font-mono">{c.patchVersion || "none"}</span>
              </span>
              <StateBadge state={c.state} />
              <span>materialized {formatTime(c.timestampMS)}</span>
              {c.config.includes("<redacted len=") && <Badge tone="neutral">Secret values redacted</Badge>}
            </div>
            <CodeEditor
              height="calc(100vh - 15rem)"
              language="yaml"
              value={c.config}
              options={{ readOnly: true, domReadOnly: true }}
              onMount={(editor, monaco) => {
                editorRef.current = editor;
                monacoRef.current = monaco as unknown as typeof MonacoApi;
                setMounted(true);
              }}
            />
          </div>
          <aside className="rounded-md border border-slate-200 bg-white" aria-label="Blame">
            <h2 className="border-b border-slate-200 px-3 py-2 text-xs font-semibold uppercase tracking-wide text-slate-500">Blame</h2>
            {provenance.isPending && <p className="px-3 py-2 text-slate-400">Loading provenance…</p>}
            {provenance.isError && (
              <p role="alert" data-testid="blame-error" className="px-3 py-2 text-sm text-red-700">
                Blame unavailable: {provenance.error.message}
              </p>
            )}
            {blame && !matches && (
              <p role="alert" className="px-3 py-2 text-sm text-amber-800">
                The provenance describes patch {blame.patchVersion}, the config shows {c.patchVersion}: reload.
              </p>
            )}
            <ul className="divide-y divide-slate-100" data-testid="blame-sources">
              {sources.map((s) => (
                <li key={s.key}>
                  <button type="button" onClick={() => reveal(s.lines)} className="block w-full px-3 py-1.5 text-left hover:bg-slate-50">
                    <span className="flex items-center gap-2">
                      <span className={`inline-block h-3 w-1 blame-${s.source}`} aria-hidden />
                      <span className="text-sm">{s.label}</span>
                    </span>
                    <span className="ml-3 block text-xs text-slate-500">
                      {s.lines.length} line{s.lines.length === 1 ? "" : "s"}: {s.ranges}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </aside>
        </div>
      )}
    </QueryState>
  );
}
