import type { Metadata } from "next";
import { SignInForm } from "@/components/auth/sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default function SignInPage() {
  return (
    <main className="flex min-h-full items-center justify-center p-6">
      <div className="w-full max-w-sm rounded-md border border-slate-200 bg-white p-6 shadow-sm">
        <h1 className="text-base font-semibold">Deployment Manager</h1>
        <p className="mt-1 text-slate-500">Sign in with an API token.</p>
        <SignInForm />
      </div>
    </main>
  );
}
