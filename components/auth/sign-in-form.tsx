"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/card";
import { apiFetch } from "@/components/ui/api";

export function SignInForm() {
  const router = useRouter();
  const [token, setToken] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await apiFetch("/api/console/session", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ token }),
      });
      router.replace("/");
      router.refresh();
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} className="mt-4 space-y-3">
      <label className="block">
        <span className="text-xs font-medium text-slate-600">API token</span>
        <input
          type="password"
          name="token"
          autoComplete="current-password"
          autoFocus
          required
          value={token}
          onChange={(e) => setToken(e.target.value)}
          className="mt-1 block w-full rounded border border-slate-300 px-2 py-1.5 font-mono focus:border-sky-600 focus:outline-none"
        />
      </label>
      <p className="text-xs text-slate-500">
        Printed once at first start and stored in <code>DATA_DIR/api-token</code>, or the value of <code>DM_API_TOKEN</code>.
      </p>
      {error && (
        <p role="alert" data-testid="sign-in-error" className="text-sm text-red-700">
          {error}
        </p>
      )}
      <Button type="submit" disabled={busy || token.length === 0} className="w-full">
        {busy ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
