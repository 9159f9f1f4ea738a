import type { Metadata } from "next";
import Link from "next/link";
import { ObjectDetail } from "@/components/configs/object-detail";
import { OBJECT_TABS, type ObjectTab } from "@/components/configs/object-tabs";
import { PageHeader, TabLinks } from "@/components/ui/page-header";

type Props = { params: Promise<{ name: string }>; searchParams: Promise<Record<string, string | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: decodeURIComponent((await params).name) };
}

const integer = (v: string | undefined) => (v && /^\d{1,19}$/.test(v) ? Number(v) : null);

export default async function ObjectPage({ params, searchParams }: Props) {
  const name = decodeURIComponent((await params).name);
  const query = await searchParams;
  const tab = (OBJECT_TABS.find((t) => t.id === query.tab)?.id ?? "config") as ObjectTab;
  const base = `/objects/${encodeURIComponent(name)}`;
  return (
    <div className="p-6">
      <PageHeader
        title={<span className="font-mono">{name}</span>}
        subtitle={
          <Link href="/objects" className="hover:underline">
            ← Objects
          </Link>
        }
        actions={
          <Link href={`/patches/new?target=${encodeURIComponent(name)}`} className="rounded border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-100">
            New patch for this object
          </Link>
        }
      />
      <TabLinks tabs={OBJECT_TABS} active={tab} hrefFor={(id) => (id === "config" ? base : `${base}?tab=${id}`)} />
      <ObjectDetail name={name} tab={tab} pair={{ from: integer(query.from), to: integer(query.to), patch: integer(query.patch) }} />
    </div>
  );
}
