import type { Metadata } from "next";
import { LabelGraph } from "@/components/labels/label-graph";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Labels" };

export default function LabelsPage() {
  return (
    <div className="p-6">
      <PageHeader title="Labels" subtitle="Patches aimed at a label reach every object bound to it. Hover to highlight, click a label to pin it, click an object to open it." />
      <LabelGraph />
    </div>
  );
}
