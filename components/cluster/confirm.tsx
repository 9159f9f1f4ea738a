"use client";

import type { ReactNode } from "react";
import { Button } from "@/components/ui/card";

/** An inline confirmation: what will change, then Confirm / Cancel. */
export function Confirm({
  title,
  children,
  confirmLabel,
  busy,
  onConfirm,
  onCancel,
}: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <div role="dialog" aria-label={title} className="mt-3 rounded border border-amber-300 bg-amber-50 p-3">
      <h3 className="mb-2 text-sm font-semibold text-amber-900">{title}</h3>
      <div className="max-h-64 overflow-auto text-sm">{children}</div>
      <div className="mt-3 flex gap-2">
        <Button onClick={onConfirm} disabled={busy}>
          {busy ? "Working…" : confirmLabel}
        </Button>
        <Button variant="secondary" onClick={onCancel} disabled={busy}>
          Cancel
        </Button>
      </div>
    </div>
  );
}

export function ErrorLine({ error }: { error: Error | null }) {
  if (!error) return null;
  return (
    <p className="mt-2 text-sm text-red-700" role="alert">
      {error.message}
    </p>
  );
}
