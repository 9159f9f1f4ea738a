"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type * as MonacoApi from "monaco-editor";
import { useSearchParams } from "next/navigation";
import { useDeferredValue, useEffect, useId, useMemo, useRef, useState } from "react";
import { useConsoleObjects } from "@/components/configs/objects-table";
import type { DryRunEntry, Envelope, ImpactEntry } from "@/components/configs/types";
import type { KindSchema } from "@/lib/kube/kind-schema";
import { queryKeys } from "@/components/query-keys";
import { type ApplyOutcome, apiFetch, applyFetch, formBody } from "@/components/ui/api";
import { Button } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { CodeEditor } from "@/components/ui/monaco";
import { inputClass } from "@/components/ui/page-header";
import { ErrorNote, OutcomeReport } from "@/components/ui/outcome";
import { ImpactPreview } from "./impact-preview";
import { checkPatchSchema, patchKinds } from "./patch-schema";
import { JSON_TEMPLATE, type Marker, type PatchMode, YAML_TEMPLATE, bodyTarget, composePatch, lintYamlPatch } from "./patch-text";

type Source = { kind: "text"; text: string } | { kind: "file"; file: File };

function requestBody(source: Source, fields: Record<string, string | boolean>): BodyInit {
  if (source.kind === "text") return formBody({ ...fields, patch: source.text });
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, String(v));
  form.append("file", source.file);
  return form;
}

/** What identifies a patch source: its text, or the file's name, size and modification time. */
function sourceKey(source: Source): string {
  return source.kind === "text" ? source.text : `file:${source.file.name}:${source.file.size}:${source.file.lastModified}`;
}

/** Dry run of a patch source, then the current configs of the objects it reaches: the impact entries. */
export function useImpact(source: Source | null) {
  const key = source ? sourceKey(source) : "";
  const dryRun = useQuery({
    queryKey: queryKeys.dryRun(key),
    enabled: source !== null,
    retry: false,
    queryFn: async () =>
      (await apiFetch<Envelope<{ dryRuns: DryRunEntry[] }>>("/patches/apply", { method: "POST", body: requestBody(source!, { dry_run: true }) })).data.dryRuns,
  });
  const names = useMemo(() => dryRun.data?.flatMap((e) => (e.dryRun ? [e.dryRun.objectName] : [])) ?? [], [dryRun.data]);
  const before = useQuery({
    queryKey: queryKeys.beforeConfigs(names),
    enabled: names.length > 0,
    queryFn: async () =>
      (await apiFetch<Envelope<{ configs: { objectName: string; kind: string; config: string }[] }>>("/console/configs", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ names }),
      })).data.configs,
  });
  const result = useMemo(() => {
    if (!dryRun.data) return null;
    if (names.length > 0 && !before.data) return null;
    const current = new Map(before.data?.map((c) => [c.objectName, c]) ?? []);
    const entries: ImpactEntry[] = [];
    const skipped: string[] = [];
    for (const e of dryRun.data) {
      if (e.dryRun === null) {
        skipped.push(e.message);
        continue;
      }
      const meta = JSON.parse(e.dryRun.metadata) as { type?: string };
      const was = current.get(e.dryRun.objectName);
      entries.push({ objectName: e.dryRun.objectName, kind: meta.type ?? was?.kind ?? "", before: was?.config ?? "", after: e.dryRun.config });
    }
    return { entries, skipped };
  }, [dryRun.data, before.data, names.length]);
  return { result, error: dryRun.error ?? before.error, isFetching: dryRun.isFetching || before.isFetching };
}

/**
 * The editor's checks of a YAML patch: syntax and top-level keys, then, when the patch reaches one
 * kind and the cluster publishes its schema, every field and value against that schema; and a line
 * saying what was checked (or why the schema checks were skipped).
 */
function usePatchChecks(mode: PatchMode, body: string, target: string): { markers: Marker[]; note: string } {
  const objects = useConsoleObjects();
  // A `# target:` tag in the body wins over the picker, as when the patch is sent.
  const kinds = useMemo(
    () => (mode === "YAML" ? patchKinds(body, bodyTarget(mode, body) ?? target, objects.data?.objects ?? []) : []),
    [mode, body, target, objects.data],
  );
  const kind = kinds.length === 1 ? kinds[0]! : "";
  const schema = useQuery({
    queryKey: queryKeys.kindSchema(kind),
    enabled: kind !== "",
    retry: false,
    staleTime: 10 * 60_000,
    queryFn: async () => (await apiFetch<Envelope<KindSchema>>(`/console/schema/${encodeURIComponent(kind)}`)).data,
  });
  const checked = kind ? schema.data : undefined;
  const markers = useMemo(() => {
    if (mode !== "YAML") return [];
    const lint = lintYamlPatch(body);
    return checked && !lint.some((m) => m.severity === "error") ? checkPatchSchema(body, checked) : lint;
  }, [mode, body, checked]);
  let note = "";
  if (kinds.length > 1) note = `The target reaches ${kinds.join(", ")}: name one kind in the patch to check its fields against the schema`;
  else if (checked) note = `Fields checked against the cluster's ${kind} schema (${checked.apiVersion})`;
  else if (kind && schema.error) note = `${schema.error.message}: syntax and top-level checks only`;
  else if (kind) note = `Loading the ${kind} schema…`;
  return { markers, note };
}

export function PatchEditor() {
  const params = useSearchParams();
  const queryClient = useQueryClient();
  const objects = useConsoleObjects();
  const [mode, setMode] = useState<PatchMode>(params.get("mode") === "JSON" ? "JSON" : "YAML");
  const [target, setTarget] = useState(params.get("target") ?? "");
  const [description, setDescription] = useState("");
  const [body, setBody] = useState(mode === "JSON" ? JSON_TEMPLATE : YAML_TEMPLATE);
  const [file, setFile] = useState<File | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [outcome, setOutcome] = useState<ApplyOutcome | null>(null);
  // The source last applied: Apply stays off until the patch changes (no second copy by a double click).
  const [applied, setApplied] = useState<string | null>(null);
  const listId = useId();
  const editorRef = useRef<MonacoApi.editor.IStandaloneCodeEditor | null>(null);
  const monacoRef = useRef<typeof MonacoApi | null>(null);

  const text = composePatch(mode, target, body);
  const hasTarget = !!(target || bodyTarget(mode, body));
  // Live preview: the dry run follows the text, deferred while typing.
  const deferred = useDeferredValue(text);
  const [settled, setSettled] = useState(text);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(deferred), 600);
    return () => clearTimeout(timer);
  }, [deferred]);
  const source: Source | null = file ? { kind: "file", file } : hasTarget && body.trim() ? { kind: "text", text: settled } : null;
  const impact = useImpact(source);

  // Schema-aware checks in the editor: YAML against the kind's schema here, JSON through the patch schema.
  const checks = usePatchChecks(mode, body, target);
  const [editorReady, setEditorReady] = useState(false);
  useEffect(() => {
    const editor = editorRef.current;
    const monaco = monacoRef.current;
    const model = editor?.getModel();
    if (!monaco || !model) return;
    monaco.editor.setModelMarkers(
      model,
      "patch-lint",
      checks.markers.map((m) => ({
        startLineNumber: m.line,
        startColumn: m.column,
        endLineNumber: m.endLine ?? m.line,
        endColumn: m.endColumn ?? model.getLineMaxColumn(Math.min(m.line, model.getLineCount())),
        message: m.message,
        severity: m.severity === "error" ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning,
      })),
    );
  }, [checks.markers, editorReady]);

  const applySource: Source = file ? { kind: "file", file } : { kind: "text", text };
  const alreadyApplied = applied === sourceKey(applySource);
  const apply = useMutation({
    mutationFn: (what: Source) => applyFetch("/patches/apply", { method: "POST", body: requestBody(what, { description }) }),
    onSuccess: (result, what) => {
      setOutcome(result);
      setApplied(sourceKey(what));
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.configStore() }),
  });

  const suggestions = useMemo(() => {
    const data = objects.data;
    if (!data) return [];
    return [...data.labels.map((l) => ({ value: l.name, hint: `label · ${l.objects} objects` })), ...data.objects.map((o) => ({ value: o.name, hint: o.kind }))];
  }, [objects.data]);
  const affected = impact.result?.entries.length ?? 0;
  // Apply only what the preview shows.
  const previewCurrent = !!file || settled === text;

  function switchMode(next: PatchMode) {
    if (next === mode) return;
    setMode(next);
    setBody(next === "JSON" ? JSON_TEMPLATE : YAML_TEMPLATE);
  }

  return (
    <div className="grid grid-cols-1 gap-4 xl:grid-cols-2">
      <section className="flex min-w-0 flex-col gap-2" aria-label="Patch">
        <div className="flex flex-wrap items-center gap-2">
          <div role="radiogroup" aria-label="Format" className="flex overflow-hidden rounded border border-slate-300">
            {(["YAML", "JSON"] as const).map((m) => (
              <button
                key={m}
                type="button"
                role="radio"
                aria-checked={mode === m}
                onClick={() => switchMode(m)}
                className={`px-2.5 py-1 text-xs font-medium ${mode === m ? "bg-slate-900 text-white" : "bg-white text-slate-700 hover:bg-slate-100"}`}
              >
                {m === "YAML" ? "YAML (strategic merge)" : "JSON patch"}
              </button>
            ))}
          </div>
          <label className="flex items-center gap-1 text-xs text-slate-600">
            Target
            <input
              aria-label="Target"
              list={listId}
              value={target}
              onChange={(e) => setTarget(e.target.value.trim())}
              placeholder="object or label"
              className={`${inputClass} w-64 font-mono`}
            />
            <datalist id={listId}>
              {suggestions.map((s) => (
                <option key={`${s.hint}:${s.value}`} value={s.value}>
                  {s.hint}
                </option>
              ))}
            </datalist>
          </label>
          <TargetHint target={target} />
        </div>
        <input
          aria-label="Description"
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          placeholder="Description: why this change is needed"
          className={`${inputClass} w-full`}
        />
        {file ? (
          <div className="flex items-center gap-2 rounded border border-sky-200 bg-sky-50 px-3 py-2 text-sm">
            Patch file <span className="font-mono">{file.name}</span> ({Math.ceil(file.size / 1024)} KiB): each file names its own target.
            <Button variant="secondary" onClick={() => setFile(null)}>
              Use the editor
            </Button>
          </div>
        ) : (
          <CodeEditor
            height="calc(100vh - 17rem)"
            language={mode === "YAML" ? "yaml" : "json"}
            path={mode === "YAML" ? "patch.yaml" : "patch.patch.json"}
            value={body}
            onChange={(v) => setBody(v ?? "")}
            onMount={(editor, monaco) => {
              editorRef.current = editor;
              monacoRef.current = monaco as unknown as typeof MonacoApi;
              setEditorReady(true);
            }}
          />
        )}
        {!file && <PatchProblems markers={checks.markers} note={checks.note} />}
        <div className="flex flex-wrap items-center gap-2">
          <Button onClick={() => setConfirming(true)} disabled={!source || !impact.result || !previewCurrent || impact.isFetching || apply.isPending || alreadyApplied}>
            {apply.isPending ? "Applying…" : `Apply patch${impact.result ? ` to ${affected} object${affected === 1 ? "" : "s"}` : ""}`}
          </Button>
          <label className="cursor-pointer rounded border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-100">
            Upload patch file…
            <input
              type="file"
              aria-label="Patch file"
              accept=".yml,.yaml,.json,.zip,.tar.gz,.tgz"
              className="sr-only"
              onChange={(e) => {
                setFile(e.target.files?.[0] ?? null);
                e.target.value = "";
              }}
            />
          </label>
          <span className="text-xs text-slate-500">{!source ? "Pick a target to preview." : alreadyApplied ? "Applied: change the patch to apply it again." : impact.isFetching ? "Computing impact…" : ""}</span>
        </div>
        {outcome && <OutcomeReport outcome={outcome} title="Patch" />}
        <ErrorNote error={apply.error} />
      </section>
      <section className="min-w-0" aria-label="Impact preview">
        <h2 className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-500">Impact preview (dry run)</h2>
        {impact.error && (
          <p role="alert" data-testid="impact-error" className="rounded border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
            {impact.error.message}
          </p>
        )}
        {impact.result && !impact.error && <ImpactPreview entries={impact.result.entries} skipped={impact.result.skipped} />}
        {!impact.result && !impact.error && <p className="text-slate-400">{source ? "Computing…" : "The preview appears here."}</p>}
      </section>
      <ConfirmDialog
        open={confirming}
        title="Apply this patch?"
        confirmLabel="Apply"
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          setOutcome(null);
          apply.mutate(applySource);
        }}
      >
        The patch is stored and <strong>{affected}</strong> object{affected === 1 ? "" : "s"} are re-materialized and pushed to the cluster
        {impact.result && impact.result.skipped.length > 0 ? ` (${impact.result.skipped.length} skipped)` : ""}.
      </ConfirmDialog>
    </div>
  );
}

function PatchProblems({ markers, note }: { markers: Marker[]; note: string }) {
  return (
    <div className="flex flex-col gap-1 text-xs">
      {note && (
        <p data-testid="schema-note" className="text-slate-500">
          {note}
        </p>
      )}
      {markers.length > 0 && (
        <ul aria-label="Problems" className="max-h-32 overflow-auto rounded border border-amber-200 bg-amber-50 px-3 py-1.5 font-mono">
          {markers.map((m) => (
            <li key={`${m.line}:${m.column}:${m.message}`} className={m.severity === "error" ? "text-red-800" : "text-amber-800"}>
              line {m.line}: {m.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function TargetHint({ target }: { target: string }) {
  const objects = useConsoleObjects();
  if (objects.isError)
    return (
      <span role="alert" className="text-xs text-red-700" data-testid="target-error">
        No autocomplete: the objects and labels could not be loaded ({objects.error.message})
      </span>
    );
  if (objects.isPending) return <span className="text-xs text-slate-400">Loading objects and labels…</span>;
  if (!target) return null;
  const object = objects.data.objects.find((o) => o.name === target);
  if (object) return <span className="text-xs text-slate-500">object · {object.kind}</span>;
  const label = objects.data.labels.find((l) => l.name === target);
  if (label) return <span className="text-xs text-slate-500">label · {label.objects} objects</span>;
  return <span className="text-xs text-amber-700">no such object or label yet</span>;
}
