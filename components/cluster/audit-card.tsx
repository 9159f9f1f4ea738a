"use client";

import { useQuery } from "@tanstack/react-query";
import { queryKeys } from "@/components/query-keys";
import { apiFetch } from "@/components/ui/api";
import { Card } from "@/components/ui/card";
import { QueryState } from "@/components/ui/query-state";
import type { AuditEntry, Envelope } from "./types";

const LIMIT = 50;

/** The newest entries of the audit log: who did what to the cluster, when. */
export function AuditCard() {
  const log = useQuery({
    queryKey: queryKeys.audit(LIMIT),
    queryFn: () => apiFetch<Envelope<{ entries: AuditEntry[]; total: number }>>(`/audit?limit=${LIMIT}`),
    refetchInterval: 10_000,
  });
  return (
    <Card title="Audit log">
      <QueryState query={log}>
        {({ data }) => (
          <div className="overflow-x-auto">
            <p className="mb-1 text-xs text-slate-500">
              {data.total} entries{data.total > LIMIT ? ` (newest ${LIMIT})` : ""}
            </p>
            <table className="w-full text-xs" data-testid="audit-log">
              <thead>
                <tr className="text-left uppercase text-slate-500">
                  <th>When</th>
                  <th>Who</th>
                  <th>What</th>
                  <th>On</th>
                </tr>
              </thead>
              <tbody>
                {data.entries.map((e) => (
                  <tr key={e.id} className="border-t border-slate-100 align-top" title={JSON.stringify(e.details)}>
                    <td className="whitespace-nowrap py-0.5 pr-2">{new Date(e.at).toLocaleString()}</td>
                    <td className="pr-2">{e.actor}</td>
                    <td className="pr-2 font-mono">{e.action}</td>
                    <td className="font-mono">{e.target}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryState>
    </Card>
  );
}
