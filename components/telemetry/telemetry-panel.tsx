"use client";

import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { queryKeys } from "@/components/query-keys";
import { API_ROOT, apiFetch } from "@/components/ui/api";
import { Badge, Button, Card } from "@/components/ui/card";
import { QueryState } from "@/components/ui/query-state";
import { DATA_SOURCES, type Envelope, type ExportJob, type ImportJob, type Service, isFinished } from "./types";

const statusTone = (status: string) => (status === "SUCCESS" ? "ok" : status === "FAILED" ? "error" : "neutral");

/** `datetime-local` value (local time, minutes) of a moment. */
function localInput(ms: number): string {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
}

export function TelemetryPanel() {
  const jobs = useQuery({
    queryKey: queryKeys.telescopeJobs(),
    queryFn: () => apiFetch<Envelope<{ exports: ExportJob[]; imports: ImportJob[] }>>("/obs/telescope/jobs"),
    refetchInterval: (query) => {
      const data = query.state.data?.data;
      const pending = data && [...data.exports, ...data.imports].some((j) => !isFinished(j.job_status));
      return pending ? 1_000 : 10_000;
    },
  });
  return (
    <div className="grid grid-cols-1 gap-4 xl:grid-cols-2">
      <ExportForm />
      <ImportForm />
      <div className="xl:col-span-2">
        <Card title="Exports">
          <QueryState query={jobs}>{({ data }) => <ExportTable jobs={data.exports} />}</QueryState>
        </Card>
      </div>
      <div className="xl:col-span-2">
        <Card title="Imports">
          <QueryState query={jobs}>{({ data }) => <ImportTable jobs={data.imports} />}</QueryState>
        </Card>
      </div>
    </div>
  );
}

function ExportForm() {
  const queryClient = useQueryClient();
  const services = useQuery({ queryKey: queryKeys.telescopeServices(), queryFn: () => apiFetch<Envelope<Service[]>>("/obs/telescope/services") });
  const [selected, setSelected] = useState<string[]>([]);
  const [sources, setSources] = useState<string[]>([...DATA_SOURCES]);
  const [start, setStart] = useState(() => localInput(Date.now() - 3_600_000));
  const [end, setEnd] = useState(() => localInput(Date.now() + 60_000));
  const [label, setLabel] = useState("telescope");
  const create = useMutation({
    mutationFn: () =>
      apiFetch<Envelope<ExportJob>>("/obs/telescope/export", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          services: selected,
          data_sources: sources,
          start: start ? new Date(start).toISOString() : "",
          end: end ? new Date(end).toISOString() : "",
          label,
        }),
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.telescopeJobs() }),
  });
  const toggle = (list: string[], value: string) => (list.includes(value) ? list.filter((v) => v !== value) : [...list, value]);

  return (
    <Card title="New export">
      <form
        className="space-y-3"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <label className="block text-sm">
          <span className="text-slate-600">Services</span>
          <QueryState query={services}>
            {({ data }) => (
              <select
                multiple
                aria-label="Services"
                className="mt-1 block h-32 w-full rounded border border-slate-300 px-2 py-1 font-mono text-xs"
                value={selected}
                onChange={(e) => setSelected([...e.target.selectedOptions].map((o) => o.value))}
              >
                {data.map((s) => (
                  <option key={s.name} value={s.name}>
                    {s.name} ({s.kind}
                    {s.running ? "" : ", not running"})
                  </option>
                ))}
              </select>
            )}
          </QueryState>
        </label>
        <fieldset className="text-sm">
          <legend className="text-slate-600">Data sources</legend>
          <div className="mt-1 flex gap-4">
            {DATA_SOURCES.map((source) => (
              <label key={source} className="inline-flex items-center gap-1">
                <input type="checkbox" checked={sources.includes(source)} onChange={() => setSources(toggle(sources, source))} />
                {source}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="grid grid-cols-2 gap-3 text-sm">
          <label className="block">
            <span className="text-slate-600">Start</span>
            <input type="datetime-local" aria-label="Start" className="mt-1 block w-full rounded border border-slate-300 px-2 py-1" value={start} onChange={(e) => setStart(e.target.value)} />
          </label>
          <label className="block">
            <span className="text-slate-600">End</span>
            <input type="datetime-local" aria-label="End" className="mt-1 block w-full rounded border border-slate-300 px-2 py-1" value={end} onChange={(e) => setEnd(e.target.value)} />
          </label>
        </div>
        <label className="block text-sm">
          <span className="text-slate-600">Label</span>
          <input aria-label="Label" className="mt-1 block w-full rounded border border-slate-300 px-2 py-1" value={label} onChange={(e) => setLabel(e.target.value)} />
        </label>
        <div className="flex items-center gap-3">
          <Button type="submit" disabled={create.isPending}>
            {create.isPending ? "Creating…" : "Create export"}
          </Button>
          {create.isError && (
            <span className="text-sm text-red-700" role="alert">
              {create.error.message}
            </span>
          )}
          {create.isSuccess && (
            <span className="text-sm text-emerald-700" role="status">
              Export {create.data.data.request.label} queued.
            </span>
          )}
        </div>
      </form>
    </Card>
  );
}

function ExportTable({ jobs }: { jobs: ExportJob[] }) {
  if (jobs.length === 0) return <p className="text-sm text-slate-400">No exports yet.</p>;
  return (
    <table className="w-full text-left text-sm" data-testid="export-jobs">
      <thead className="text-xs uppercase text-slate-500">
        <tr>
          <th className="py-1">Label</th>
          <th>Services</th>
          <th>Data</th>
          <th>Window</th>
          <th>Status</th>
          <th />
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {jobs.map((job) => (
          <tr key={job.id} data-testid={`export-${job.request.label}`}>
            <td className="py-1 font-mono text-xs">{job.request.label}</td>
            <td className="font-mono text-xs">{job.request.services.join(", ")}</td>
            <td className="text-xs">{job.request.data_sources.join(", ")}</td>
            <td className="text-xs">
              {new Date(job.request.start).toLocaleString()} – {new Date(job.request.end).toLocaleString()}
            </td>
            <td>
              <Badge tone={statusTone(job.job_status)}>{job.job_status}</Badge>
              {job.error && <div className="text-xs text-red-700">{job.error}</div>}
            </td>
            <td className="text-right">
              {job.job_status === "SUCCESS" && (
                <a className="text-sky-700 hover:underline" href={`${API_ROOT}/obs/telescope/export/${job.id}/download`} download>
                  Download
                </a>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ImportForm() {
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const upload = useMutation({
    mutationFn: () => {
      const form = new FormData();
      form.append("file", file!);
      return apiFetch<Envelope<ImportJob>>("/obs/telescope/import", { method: "POST", body: form });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.telescopeJobs() }),
  });
  return (
    <Card title="Import a bundle">
      <form
        className="space-y-3"
        onSubmit={(e) => {
          e.preventDefault();
          if (file) upload.mutate();
        }}
      >
        <p className="text-sm text-slate-500">Upload a Telescope .zip exported by a Deployment Manager to browse its logs, stats and configs.</p>
        <input type="file" accept=".zip,application/zip" aria-label="Bundle file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} className="block text-sm" />
        <div className="flex items-center gap-3">
          <Button type="submit" disabled={!file || upload.isPending}>
            {upload.isPending ? "Uploading…" : "Import"}
          </Button>
          {upload.isError && (
            <span className="text-sm text-red-700" role="alert">
              {upload.error.message}
            </span>
          )}
          {upload.isSuccess &&
            (upload.data.data.job_status === "FAILED" ? (
              <span className="text-sm text-red-700" role="alert">
                Import failed: {upload.data.data.error}
              </span>
            ) : (
              <Link className="text-sm text-sky-700 hover:underline" href={`/telemetry/imports/${upload.data.data.id}`}>
                Open {upload.data.data.result.label}
              </Link>
            ))}
        </div>
      </form>
    </Card>
  );
}

function ImportTable({ jobs }: { jobs: ImportJob[] }) {
  if (jobs.length === 0) return <p className="text-sm text-slate-400">No imports yet.</p>;
  return (
    <table className="w-full text-left text-sm" data-testid="import-jobs">
      <thead className="text-xs uppercase text-slate-500">
        <tr>
          <th className="py-1">Label</th>
          <th>Services</th>
          <th>Data</th>
          <th>Imported</th>
          <th>Status</th>
          <th />
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {jobs.map((job) => (
          <tr key={job.id}>
            <td className="py-1 font-mono text-xs">{job.result.label}</td>
            <td className="font-mono text-xs">{job.result.services.join(", ")}</td>
            <td className="text-xs">{job.result.data_sources.join(", ")}</td>
            <td className="text-xs">{new Date(job.created_at).toLocaleString()}</td>
            <td>
              <Badge tone={statusTone(job.job_status)}>{job.job_status}</Badge>
              {job.error && <div className="text-xs text-red-700">{job.error}</div>}
            </td>
            <td className="text-right">
              {job.job_status === "SUCCESS" && (
                <Link className="text-sky-700 hover:underline" href={`/telemetry/imports/${job.id}`}>
                  View
                </Link>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
