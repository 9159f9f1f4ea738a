"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { queryKeys } from "@/components/query-keys";
import { apiFetch } from "@/components/ui/api";
import { Badge } from "@/components/ui/card";
import { QueryState } from "@/components/ui/query-state";
import { type Envelope, type PatchView, patchMetadata } from "./types";

/** The patches that reach an object (by its name or one of its labels), oldest first as they apply. */
export function ObjectPatches({ name }: { name: string }) {
  const patches = useQuery({
    queryKey: queryKeys.patchesFor(name),
    queryFn: async () => (await apiFetch<Envelope<{ patches: PatchView[] }>>(`/patches/${encodeURIComponent(name)}`)).data.patches,
  });
  return (
    <QueryState query={patches}>
      {(list) =>
        list.length === 0 ? (
          <p className="text-slate-500">No patch reaches this object.</p>
        ) : (
          <table className="w-full rounded-md border border-slate-200 bg-white text-xs" data-testid="object-patches">
            <thead className="bg-slate-50 text-left text-slate-500">
              <tr>
                <th className="px-3 py-1.5">Version</th>
                <th>Target</th>
                <th>Format</th>
                <th>Description</th>
                <th>Created by</th>
                <th>State</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {list.map((p) => {
                const meta = patchMetadata(p);
                return (
                  <tr key={p.version} className="border-t border-slate-100 align-top">
                    <td className="px-3 py-1.5 font-mono">{p.version}</td>
                    <td className="font-mono">{p.target === name ? p.target : <span title="via label">{p.target} (label)</span>}</td>
                    <td>{meta.format ?? "YAML"}</td>
                    <td>{p.description || <span className="text-slate-400">—</span>}</td>
                    <td>{meta.createdBy ?? ""}</td>
                    <td>{p.state === "IS_GOLDEN" ? <Badge tone="ok">golden</Badge> : <Badge tone="warn">not golden</Badge>}</td>
                    <td className="pr-3 text-right">
                      <Link className="text-sky-800 hover:underline" href={`/objects/${encodeURIComponent(name)}?tab=history&patch=${p.version}`}>
                        diff
                      </Link>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )
      }
    </QueryState>
  );
}
