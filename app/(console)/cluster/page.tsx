import type { Metadata } from "next";
import { ClusterConsole } from "@/components/cluster/cluster-console";

export const metadata: Metadata = { title: "Cluster" };

export default function ClusterPage() {
  return (
    <div className="p-6">
      <h1 className="mb-4 text-lg font-semibold">Cluster</h1>
      <ClusterConsole />
    </div>
  );
}
