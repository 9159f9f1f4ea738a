import type { Metadata } from "next";
import { StatusBoard } from "@/components/status/status-board";
import { getConfig } from "@/lib/config/env";

export const metadata: Metadata = { title: "Status" };

export default function StatusPage() {
  return (
    <div className="p-6">
      <h1 className="mb-1 text-lg font-semibold">Status</h1>
      <p className="mb-4 text-sm text-slate-500">Health checks of the platform&apos;s components, refreshed every 10 seconds.</p>
      <StatusBoard staleAfterSeconds={(3 * getConfig().health.intervalMs) / 1000} />
    </div>
  );
}
