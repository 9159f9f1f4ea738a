import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { PatchesList } from "@/components/patches/patches-list";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Patches" };

export default function PatchesPage() {
  return (
    <div className="p-6">
      <PageHeader
        title="Patches"
        actions={
          <Link href="/patches/new" className="rounded bg-slate-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700">
            New patch
          </Link>
        }
      />
      <Suspense>
        <PatchesList />
      </Suspense>
    </div>
  );
}
