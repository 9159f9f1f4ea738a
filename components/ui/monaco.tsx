"use client";

import { DiffEditor, Editor, type EditorProps, type DiffEditorProps, loader } from "@monaco-editor/react";
import type * as MonacoApi from "monaco-editor";
import { useEffect, useState } from "react";

/**
 * Monaco from the local `monaco-editor` package (the React wrapper would fetch it from a CDN, and
 * there is no network): imported on first use, handed to the wrapper with `loader.config`, its
 * workers bundled from the package. Editors render a quiet placeholder until it is ready.
 */

export type Monaco = typeof MonacoApi;

let ready: Promise<Monaco> | null = null;

export function loadMonaco(): Promise<Monaco> {
  ready ??= import("monaco-editor").then((monaco) => {
    self.MonacoEnvironment = {
      getWorker(_id: string, label: string) {
        if (label === "json") return new Worker(new URL("monaco-editor/language/json/json.worker", import.meta.url), { type: "module" });
        return new Worker(new URL("monaco-editor/editor/editor.worker", import.meta.url), { type: "module" });
      },
    };
    monaco.json.jsonDefaults.setDiagnosticsOptions({ validate: true, enableSchemaRequest: false, schemas: [JSON_PATCH_SCHEMA] });
    loader.config({ monaco });
    return monaco;
  });
  return ready;
}

function useMonacoReady(): boolean {
  const [isReady, setReady] = useState(false);
  useEffect(() => {
    let live = true;
    loadMonaco().then(() => live && setReady(true));
    return () => {
      live = false;
    };
  }, []);
  return isReady;
}

function Placeholder({ height }: { height: number | string }) {
  return (
    <div style={{ height }} className="flex items-center justify-center rounded border border-slate-200 bg-slate-50 text-xs text-slate-400">
      Loading editor…
    </div>
  );
}

const COMMON: MonacoApi.editor.IStandaloneEditorConstructionOptions = {
  minimap: { enabled: false },
  fontSize: 12,
  lineHeight: 18,
  scrollBeyondLastLine: false,
  automaticLayout: true,
  renderLineHighlight: "line",
  tabSize: 2,
  wordWrap: "off",
  fixedOverflowWidgets: true,
};

export function CodeEditor({ height, options, ...props }: EditorProps & { height: number | string }) {
  const isReady = useMonacoReady();
  if (!isReady) return <Placeholder height={height} />;
  return (
    <div className="overflow-hidden rounded border border-slate-200">
      <Editor height={height} theme="vs" loading={<Placeholder height={height} />} options={{ ...COMMON, ...options }} {...props} />
    </div>
  );
}

export function CodeDiff({ height, options, ...props }: DiffEditorProps & { height: number | string }) {
  const isReady = useMonacoReady();
  if (!isReady) return <Placeholder height={height} />;
  return (
    <div className="overflow-hidden rounded border border-slate-200">
      <DiffEditor
        height={height}
        theme="vs"
        loading={<Placeholder height={height} />}
        options={{ ...COMMON, readOnly: true, renderSideBySide: true, originalEditable: false, ...options }}
        {...props}
      />
    </div>
  );
}

/**
 * The reference's JSON patch envelope, so the JSON mode checks and completes what it takes:
 * `{comment, kind, target, patch: [{op, path, from, value}]}`.
 */
export const JSON_PATCH_SCHEMA = {
  uri: "https://deployment-manager.local/schemas/json-patch.json",
  fileMatch: ["*.patch.json"],
  schema: {
    type: "object",
    additionalProperties: false,
    required: ["kind", "patch"],
    properties: {
      comment: { type: "string", description: "What the patch does" },
      kind: { type: "string", description: "The kind of the objects the patch is for (Deployment, ConfigMap, ...)" },
      target: { type: "string", description: "The object or label the patch is applied to" },
      patch: {
        type: "array",
        description: "RFC 6902 operations",
        items: {
          type: "object",
          required: ["op", "path"],
          additionalProperties: false,
          properties: {
            op: { enum: ["add", "remove", "replace", "move", "copy", "test"] },
            path: { type: "string", pattern: "^(/.*)?$", description: "JSON pointer, e.g. /spec/replicas" },
            from: { type: "string", description: "JSON pointer (move, copy)" },
            value: { description: "The value (add, replace, test)" },
          },
        },
      },
    },
  },
};
