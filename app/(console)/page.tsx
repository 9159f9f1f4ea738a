import type { Metadata } from "next";
import { OverviewPanel } from "@/components/overview/overview-panel";
import { clusterSummary } from "@/lib/services/cluster";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage() {
  const cluster = await clusterSummary();
  return (
    <div className="p-6">
      <h1 className="mb-4 text-lg font-semibold">Overview</h1>
      <OverviewPanel cluster={cluster} />
    </div>
  );
}
