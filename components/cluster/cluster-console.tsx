"use client";

import { AuditCard } from "./audit-card";
import { DriftCard } from "./drift-card";
import { ControllersCard, HibernationCard, SizeCard } from "./operations-cards";
import { WorkloadsCard } from "./workloads-card";

/** The Cluster page: live workloads and pods, operations, drift, audit log. */
export function ClusterConsole() {
  return (
    <div className="grid grid-cols-1 gap-4 xl:grid-cols-3">
      <div className="space-y-4 xl:col-span-2">
        <WorkloadsCard />
        <DriftCard />
      </div>
      <div className="space-y-4">
        <HibernationCard />
        <SizeCard />
        <ControllersCard />
        <AuditCard />
      </div>
    </div>
  );
}
