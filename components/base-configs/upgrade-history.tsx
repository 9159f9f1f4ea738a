"use client";

import { useQuery } from "@tanstack/react-query";
import type { Envelope, Upgrade } from "@/components/configs/types";
import { queryKeys } from "@/components/query-keys";
import { apiFetch } from "@/components/ui/api";
import { Badge, Card } from "@/components/ui/card";
import { formatTime } from "@/components/ui/page-header";
import { QueryState } from "@/components/ui/query-state";

/** Upgrades by release (newest first) with who uploaded them and when. */
export function UpgradeHistory() {
  const history = useQuery({
    queryKey: queryKeys.upgradeHistory(),
    queryFn: async () => (await apiFetch<Envelope<{ upgrades: Upgrade[] }>>("/base_configs/history?limit=10000")).data.upgrades,
  });
  return (
    <Card title="Upgrade history">
      <QueryState query={history}>
        {(upgrades) =>
          upgrades.length === 0 ? (
            <p className="text-slate-500">No release uploaded yet.</p>
          ) : (
            <table className="w-full text-xs" data-testid="upgrade-history">
              <thead className="text-left text-slate-500">
                <tr>
                  <th className="py-1">Release</th>
                  <th>Creators</th>
                  <th>First upload</th>
                  <th>Last update</th>
                </tr>
              </thead>
              <tbody>
                {[...upgrades].reverse().map((u, i) => (
                  <tr key={u.version} className="border-t border-slate-100">
                    <td className="py-1 font-mono">
                      {u.version} {i === 0 && <Badge tone="ok">current</Badge>}
                    </td>
                    <td>{u.creators.join(", ") || <span className="text-slate-400">unknown</span>}</td>
                    <td className="font-mono">{formatTime(u.createdAtTimestampMS)}</td>
                    <td className="font-mono">{formatTime(u.lastUpdatedTimestampMS)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </QueryState>
    </Card>
  );
}
