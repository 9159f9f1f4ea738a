import type { Metadata } from "next";
import Link from "next/link";
import { ImportViewer } from "@/components/telemetry/import-viewer";

export const metadata: Metadata = { title: "Imported bundle" };

export default async function ImportedBundlePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <div className="p-6">
      <Link href="/telemetry" className="text-sm text-sky-700 hover:underline">
        ← Telemetry
      </Link>
      <h1 className="mb-4 mt-1 text-lg font-semibold">Imported bundle</h1>
      <ImportViewer id={id} />
    </div>
  );
}
