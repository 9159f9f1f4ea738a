"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { queryKeys } from "@/components/query-keys";
import { apiFetch, applyFetch, formBody } from "@/components/ui/api";
import { Badge, Button, Card } from "@/components/ui/card";
import { CodeEditor } from "@/components/ui/monaco";
import { inputClass } from "@/components/ui/page-header";
import { ErrorNote, OutcomeReport } from "@/components/ui/outcome";
import { QueryState } from "@/components/ui/query-state";
import type { BaseConfigRow, Envelope } from "./types";

function parseMeta(row: BaseConfigRow): { revision?: number; comment?: string; image?: string; container?: string | null } {
  try {
    return JSON.parse(row.metadata);
  } catch {
    return {};
  }
}

/** Base config versions of one object (every release and image revision), and its containers with the image-update form. */
export function ObjectBase({ name }: { name: string }) {
  const rows = useQuery({
    queryKey: queryKeys.baseConfigs(name),
    queryFn: async () =>
      (await apiFetch<Envelope<{ baseConfigs: BaseConfigRow[] }>>(`/base_configs?object=${encodeURIComponent(name)}`)).data.baseConfigs,
  });
  const [selected, setSelected] = useState<number | null>(null);
  return (
    <div className="grid grid-cols-1 gap-3 xl:grid-cols-[26rem_1fr]">
      <div className="flex flex-col gap-3">
        <Card title="Base config versions">
          <QueryState query={rows}>
            {(list) => (
              <table className="w-full text-xs" data-testid="base-versions">
                <thead className="text-left text-slate-500">
                  <tr>
                    <th className="py-1">Release</th>
                    <th>Revision</th>
                    <th>State</th>
                    <th>Comment</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((row, i) => {
                    const meta = parseMeta(row);
                    const active = (selected ?? list.findIndex((r) => r.state === "ACTIVE")) === i;
                    return (
                      <tr
                        key={`${row.version}-${meta.revision}`}
                        onClick={() => setSelected(i)}
                        className={`cursor-pointer border-t border-slate-100 ${active ? "bg-sky-50" : "hover:bg-slate-50"}`}
                      >
                        <td className="py-1 font-mono">
                          <button type="button" onClick={() => setSelected(i)} className="hover:underline">
                            {row.version}
                          </button>
                        </td>
                        <td className="font-mono">{meta.revision ?? 0}</td>
                        <td>{row.state === "ACTIVE" ? <Badge tone="ok">active</Badge> : <Badge tone="neutral">inactive</Badge>}</td>
                        <td className="truncate font-mono">{meta.comment ?? ""}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            )}
          </QueryState>
        </Card>
        <ContainersCard name={name} />
      </div>
      <div className="min-w-0">
        {rows.data && rows.data.length > 0 && (
          <CodeEditor
            height="calc(100vh - 14rem)"
            language="yaml"
            value={rows.data[selected ?? Math.max(0, rows.data.findIndex((r) => r.state === "ACTIVE"))]!.config}
            options={{ readOnly: true, domReadOnly: true }}
          />
        )}
      </div>
    </div>
  );
}

function ContainersCard({ name }: { name: string }) {
  const queryClient = useQueryClient();
  const containers = useQuery({
    queryKey: queryKeys.containers(name),
    queryFn: async () => (await apiFetch<Envelope<string[]>>(`/base_configs/${encodeURIComponent(name)}/containers`)).data,
  });
  const [container, setContainer] = useState("");
  const [image, setImage] = useState("");
  const [comment, setComment] = useState("");
  const update = useMutation({
    mutationFn: () =>
      applyFetch("/base_configs/image", {
        method: "POST",
        body: formBody({ object: name, image, comment, container: container || undefined }),
      }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.configStore() }),
  });
  return (
    <Card title="Containers">
      <QueryState query={containers}>
        {(list) =>
          list.length === 0 ? (
            <p className="text-slate-500">This object has no containers.</p>
          ) : (
            <form
              className="flex flex-col gap-2"
              aria-label="Update image"
              onSubmit={(e) => {
                e.preventDefault();
                update.mutate();
              }}
            >
              <ul className="font-mono text-xs" data-testid="containers">
                {list.map((c) => (
                  <li key={c}>{c}</li>
                ))}
              </ul>
              <label className="flex items-center gap-2 text-xs">
                <span className="w-20 text-slate-500">Container</span>
                <select className={`${inputClass} flex-1`} value={container} onChange={(e) => setContainer(e.target.value)}>
                  <option value="">{list[0]} (first)</option>
                  {list.slice(1).map((c) => (
                    <option key={c}>{c}</option>
                  ))}
                </select>
              </label>
              <label className="flex items-center gap-2 text-xs">
                <span className="w-20 text-slate-500">Image</span>
                <input required className={`${inputClass} flex-1 font-mono`} value={image} onChange={(e) => setImage(e.target.value)} placeholder="registry/image:tag" />
              </label>
              <label className="flex items-center gap-2 text-xs">
                <span className="w-20 text-slate-500">Comment</span>
                <input
                  required
                  pattern="[A-Za-z0-9_\-]{1,40}"
                  title="1-40 characters: letters, digits, _ and -"
                  className={`${inputClass} flex-1 font-mono`}
                  value={comment}
                  onChange={(e) => setComment(e.target.value)}
                  placeholder="numpy-package-update"
                />
              </label>
              <div>
                <Button type="submit" disabled={update.isPending}>
                  {update.isPending ? "Updating…" : "Update image"}
                </Button>
              </div>
              {update.data && <OutcomeReport outcome={update.data} title="Image update" />}
              <ErrorNote error={update.error} />
            </form>
          )
        }
      </QueryState>
    </Card>
  );
}
