import type { Metadata } from "next";
import { TelemetryPanel } from "@/components/telemetry/telemetry-panel";

export const metadata: Metadata = { title: "Telemetry" };

export default function TelemetryPage() {
  return (
    <div className="p-6">
      <h1 className="mb-1 text-lg font-semibold">Telemetry</h1>
      <p className="mb-4 text-sm text-slate-500">Telescope bundles: a service&apos;s logs, the platform&apos;s stats and its configs over a time window.</p>
      <TelemetryPanel />
    </div>
  );
}
