import type { Metadata } from "next";
import { UpgradeHistory } from "@/components/base-configs/upgrade-history";
import { UploadForm } from "@/components/base-configs/upload-form";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Base configs" };

export default function BaseConfigsPage() {
  return (
    <div className="p-6">
      <PageHeader title="Base configs & upgrades" subtitle="Uploading a release is an upgrade: each object gets its new base, is re-materialized with its patches and pushed." />
      <div className="grid grid-cols-1 gap-4 xl:grid-cols-2">
        <UploadForm />
        <UpgradeHistory />
      </div>
    </div>
  );
}
