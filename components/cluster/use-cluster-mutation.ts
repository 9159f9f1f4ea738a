"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { queryKeys } from "@/components/query-keys";

/** A cluster operation: afterwards every query of the Cluster page refetches. */
export function useClusterMutation<TVars, TResult>(fn: (vars: TVars) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.cluster() }),
  });
}

export const post = (body?: Record<string, string>): RequestInit => ({
  method: "POST",
  ...(body ? { headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(body).toString() } : {}),
});
