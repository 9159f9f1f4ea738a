import type { ReactNode } from "react";
import { Nav } from "@/components/layout/nav";
import { requireConsoleSession } from "@/lib/services/console-session";

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const principal = await requireConsoleSession();
  return (
    <div className="flex h-full">
      <Nav principal={principal.ownerEmail ?? principal.name} />
      <main className="flex-1 overflow-auto">{children}</main>
    </div>
  );
}
