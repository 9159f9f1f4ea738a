import type { Metadata } from "next";
import { Suspense } from "react";
import { ObjectsTable } from "@/components/configs/objects-table";

export const metadata: Metadata = { title: "Objects" };

export default function ObjectsPage() {
  return (
    <div className="flex h-full flex-col p-6">
      <h1 className="mb-3 text-lg font-semibold">Objects</h1>
      <div className="min-h-0 flex-1">
        <Suspense>
          <ObjectsTable />
        </Suspense>
      </div>
    </div>
  );
}
