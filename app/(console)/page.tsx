import type { Metadata } from "next";
import { OverviewPanel } from "@/components/overview/overview-panel";
import { getConfig } from "@/lib/config/env";

export const metadata: Metadata = { title: "Overview" };

export default function OverviewPage() {
  const config = getConfig();
  return (
    <div className="p-6">
      <h1 className="mb-4 text-lg font-semibold">Overview</h1>
      <OverviewPanel cluster={{ mode: config.kubeMode ?? "auto", server: null }} />
    </div>
  );
}
