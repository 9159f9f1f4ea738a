import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";

/** Loading and error states for one query, the same way everywhere. */
export function QueryState<T>({ query, children }: { query: UseQueryResult<T>; children: (data: T) => ReactNode }) {
  if (query.isPending) return <span className="text-slate-400">Loading…</span>;
  if (query.isError) return <span className="text-red-700" role="alert">{query.error.message}</span>;
  return <>{children(query.data)}</>;
}
