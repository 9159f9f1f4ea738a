"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { queryKeys } from "@/components/query-keys";
import { ApiClientError, apiFetch, outcomeOf } from "@/components/ui/api";
import { Badge, Button, Card } from "@/components/ui/card";
import { CodeEditor } from "@/components/ui/monaco";
import { inputClass } from "@/components/ui/page-header";
import { OutcomeReport } from "@/components/ui/outcome";

type JobStatus = { status: "WAITING" | "RUNNING" | "SUCCESS" | "FAILED"; successful_apply: string[]; failed_to_apply?: string[] };
/** `base_configs/upload/:id`'s answer: the job, and for a FAILED one the reasons. */
type JobAnswer = { data: JobStatus; error?: string | null };
const ENDED = new Set<JobStatus["status"]>(["SUCCESS", "FAILED"]);

/** Sends the upload with XMLHttpRequest: fetch cannot report upload progress. */
function postWithProgress(body: FormData, onProgress: (fraction: number) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/v1/control_plane/base_configs/upload");
    xhr.setRequestHeader("accept", "application/json");
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onerror = () => reject(new Error("The upload failed: network error"));
    xhr.onload = () => {
      let parsed: { data?: { RequestID?: string }; error?: string } = {};
      try {
        parsed = JSON.parse(xhr.responseText);
      } catch {
        // reported by status below
      }
      if (xhr.status >= 200 && xhr.status < 300 && parsed.data?.RequestID) resolve(parsed.data.RequestID);
      else reject(new ApiClientError(xhr.status, parsed.error ?? `${xhr.status} ${xhr.statusText}`));
    };
    xhr.send(body);
  });
}

const STAGES = ["Uploading", "Queued", "Storing & pushing", "Done"] as const;

/**
 * Upload a release (text with `---` separators, or a .zip / .tar.gz / .yaml file) through the
 * asynchronous `base_configs/upload`: bytes sent, then the job's state until it ends.
 */
export function UploadForm() {
  const queryClient = useQueryClient();
  const [release, setRelease] = useState("");
  const [mode, setMode] = useState<"file" | "text">("file");
  const [file, setFile] = useState<File | null>(null);
  const [text, setText] = useState("");
  const [progress, setProgress] = useState<number | null>(null);
  const [requestId, setRequestId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const job = useQuery({
    queryKey: queryKeys.uploadJob(requestId ?? ""),
    enabled: requestId !== null,
    queryFn: async (): Promise<JobAnswer> => {
      try {
        return await apiFetch<JobAnswer>(`/base_configs/upload/${requestId}`);
      } catch (e) {
        // A FAILED job answers 500 with the job's data and the reasons.
        if (e instanceof ApiClientError && e.status === 500 && (e.body as JobAnswer | null)?.data?.status === "FAILED") return e.body as JobAnswer;
        throw e;
      }
    },
    refetchInterval: (q) => (q.state.data && ENDED.has(q.state.data.data.status) ? false : 500),
  });
  const status = job.data?.data.status;
  const finished = !!status && ENDED.has(status);
  const failed = status === "FAILED";
  const outcome = finished && job.data ? outcomeOf(job.data) : null;
  useEffect(() => {
    if (finished) queryClient.invalidateQueries({ queryKey: queryKeys.configStore(), predicate: (q) => q.queryKey[1] !== "uploadJob" });
  }, [finished, queryClient]);

  const stage = error ? -1 : finished ? 3 : status === "RUNNING" ? 2 : requestId ? 1 : progress !== null ? 0 : -1;
  const busy = progress !== null && !finished && !error;
  // A failed job stopped while storing and pushing: that stage and the end are shown failed.
  const tone = (i: number) => (failed ? (i < 2 ? "ok" : "error") : i < stage || stage === 3 ? "ok" : i === stage ? "warn" : "neutral");

  async function submit() {
    setError(null);
    setRequestId(null);
    setProgress(0);
    const form = new FormData();
    form.append("release_version", release);
    if (mode === "file" && file) form.append("file", file);
    else form.append("base_config", text);
    try {
      setRequestId(await postWithProgress(form, setProgress));
      setProgress(1);
    } catch (e) {
      setError((e as Error).message);
    }
  }

  return (
    <Card title="Upload a release">
      <form
        aria-label="Upload a release"
        className="flex flex-col gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <div className="flex flex-wrap items-center gap-2">
          <label className="flex items-center gap-1 text-xs text-slate-600">
            Release version
            <input required aria-label="Release version" pattern="\d+([.\-_][0-9A-Za-z]+)*" className={`${inputClass} w-32 font-mono`} placeholder="23.07.1" value={release} onChange={(e) => setRelease(e.target.value)} />
          </label>
          <div role="radiogroup" aria-label="Source" className="flex overflow-hidden rounded border border-slate-300 text-xs">
            {(["file", "text"] as const).map((m) => (
              <button key={m} type="button" role="radio" aria-checked={mode === m} onClick={() => setMode(m)} className={`px-2.5 py-1 ${mode === m ? "bg-slate-900 text-white" : "bg-white hover:bg-slate-100"}`}>
                {m === "file" ? "Archive / file" : "Text"}
              </button>
            ))}
          </div>
        </div>
        {mode === "file" ? (
          <input
            type="file"
            aria-label="Release archive"
            accept=".zip,.tar.gz,.tgz,.yaml,.yml,.json"
            className="text-xs file:mr-2 file:rounded file:border file:border-slate-300 file:bg-white file:px-2 file:py-1"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        ) : (
          <CodeEditor height={220} language="yaml" value={text} onChange={(v) => setText(v ?? "")} />
        )}
        <div className="flex items-center gap-2">
          <Button type="submit" disabled={busy || !release || (mode === "file" ? !file : !text.trim())}>
            {busy ? "Uploading…" : "Upload"}
          </Button>
          {stage >= 0 && (
            <ol className="flex items-center gap-1 text-xs" aria-label="Upload progress" data-testid="upload-progress">
              {STAGES.map((s, i) => (
                <li key={s}>
                  <Badge tone={tone(i)}>
                    {failed && i === 3 ? "Failed" : s}
                    {i === 0 && progress !== null && ` ${Math.round(progress * 100)}%`}
                  </Badge>
                </li>
              ))}
            </ol>
          )}
        </div>
        {progress !== null && !finished && !error && (
          <div className="h-1.5 w-full overflow-hidden rounded bg-slate-100" role="progressbar" aria-valuenow={Math.round(progress * 100)} aria-valuemin={0} aria-valuemax={100}>
            <div className="h-full bg-sky-600 transition-all" style={{ width: `${stage >= 1 ? 100 : progress * 100}%` }} />
          </div>
        )}
        {requestId && <p className="text-xs text-slate-500">RequestID <span className="font-mono">{requestId}</span> · job {status ?? "WAITING"}</p>}
        {outcome && (!failed || Object.keys(outcome.failed).length > 0) && <OutcomeReport outcome={outcome} title={`Release ${release}`} />}
        {(error || job.error || failed) && (
          <p role="alert" className="rounded border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800" data-testid="upload-error">
            {error ?? job.error?.message ?? `The upload failed: ${job.data?.error ?? "no reason given"}`}
          </p>
        )}
      </form>
    </Card>
  );
}
