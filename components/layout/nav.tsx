"use client";

import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { apiFetch } from "@/components/ui/api";

const sections = [
  { href: "/", label: "Overview" },
  { href: "/objects", label: "Objects" },
  { href: "/patches", label: "Patches" },
  { href: "/base-configs", label: "Base configs" },
  { href: "/labels", label: "Labels" },
  { href: "/status", label: "Status" },
  { href: "/telemetry", label: "Telemetry" },
  { href: "/cluster", label: "Cluster" },
];

export function Nav({ principal }: { principal: string }) {
  const pathname = usePathname();
  const router = useRouter();

  async function signOut() {
    await apiFetch("/api/console/session", { method: "DELETE" }).catch(() => undefined);
    router.replace("/sign-in");
    router.refresh();
  }

  return (
    <aside className="flex w-52 shrink-0 flex-col border-r border-slate-200 bg-white">
      <div className="border-b border-slate-200 px-4 py-3">
        <div className="text-sm font-semibold">Deployment Manager</div>
        <div className="text-xs text-slate-500">control plane</div>
      </div>
      <nav aria-label="Main" className="flex-1 px-2 py-2">
        {sections.map((section) => {
          const active = section.href === "/" ? pathname === "/" : pathname.startsWith(section.href);
          return (
            <Link
              key={section.href}
              href={section.href}
              aria-current={active ? "page" : undefined}
              className={`block rounded px-2 py-1.5 ${active ? "bg-slate-900 text-white" : "text-slate-700 hover:bg-slate-100"}`}
            >
              {section.label}
            </Link>
          );
        })}
      </nav>
      <div className="border-t border-slate-200 px-4 py-3 text-xs text-slate-500">
        <div className="truncate" title={principal}>
          Signed in as <span className="font-medium text-slate-700">{principal}</span>
        </div>
        <button type="button" onClick={signOut} className="mt-1 text-sky-700 hover:underline">
          Sign out
        </button>
      </div>
    </aside>
  );
}
