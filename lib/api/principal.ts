import type { Principal } from "@/lib/services/auth";

/** How a principal is recorded on what it creates (patch `createdBy`, upgrade creators). */
export function creatorName(principal: Principal | null): string {
  return principal?.ownerEmail ?? principal?.name ?? "unknown";
}
