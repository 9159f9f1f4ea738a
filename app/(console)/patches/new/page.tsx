import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { PatchEditor } from "@/components/patches/patch-editor";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "New patch" };

export default function NewPatchPage() {
  return (
    <div className="p-6">
      <PageHeader
        title="New patch"
        subtitle={
          <Link href="/patches" className="hover:underline">
            ← Patches
          </Link>
        }
      />
      <Suspense>
        <PatchEditor />
      </Suspense>
    </div>
  );
}
