"use client";

import { type ReactNode, useEffect, useRef } from "react";
import { Button } from "./card";

/** A modal confirmation (native <dialog>: focus trap, Escape cancels); it opens with Cancel focused, so Enter never confirms. */
export function ConfirmDialog({
  open,
  title,
  confirmLabel,
  danger,
  onConfirm,
  onCancel,
  children,
}: {
  open: boolean;
  title: string;
  confirmLabel: string;
  danger?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      dialog.showModal();
      // Said, not left to the browser's pick of a first focusable element (React's autoFocus does not reach a closed dialog).
      dialog.querySelector<HTMLButtonElement>("[data-cancel]")?.focus();
    }
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} onCancel={onCancel} aria-label={title} className="m-auto w-[28rem] rounded-md border border-slate-300 p-0 shadow-xl backdrop:bg-slate-900/30">
      <div className="px-4 py-3">
        <h2 className="mb-2 text-sm font-semibold">{title}</h2>
        <div className="text-sm text-slate-700">{children}</div>
      </div>
      <div className="flex justify-end gap-2 border-t border-slate-200 bg-slate-50 px-4 py-2">
        <Button variant="secondary" onClick={onCancel} data-cancel>
          Cancel
        </Button>
        <Button onClick={onConfirm} className={danger ? "!bg-red-700 hover:!bg-red-600" : ""}>
          {confirmLabel}
        </Button>
      </div>
    </dialog>
  );
}
