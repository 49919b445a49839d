"use client";

import { signIn } from "next-auth/react";
import { useRef, useState, useTransition } from "react";

import { TOO_MANY_ATTEMPTS } from "@/lib/auth/sign-in-throttle-code";
import { useIsHydrated } from "@/components/use-is-hydrated";

export function SignInForm({ returnTo }: { returnTo: string }) {
  const [error, setError] = useState<string | null>(null);
  const [isPending, startTransition] = useTransition();
  // Before hydration a click would submit the form natively, as a GET that
  // puts its fields in the address.
  const isHydrated = useIsHydrated();
  const password = useRef<HTMLInputElement>(null);

  // onSubmit, not a form action: React would empty the form after its
  // action, and a refused sign-in keeps the email (only the password goes).
  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    setError(null);
    startTransition(async () => {
      const result = await signIn("credentials", {
        email: String(formData.get("email") ?? ""),
        password: String(formData.get("password") ?? ""),
        redirect: false,
      });
      if (result?.ok && !result.error) {
        window.location.assign(returnTo);

        return;
      }
      if (password.current) password.current.value = "";
      if (result?.error === TOO_MANY_ATTEMPTS) {
        setError("Too many failed attempts. Wait 15 minutes, then try again.");
      } else {
        setError("The email or password is not correct.");
      }
    });
  }

  return (
    <form
      onSubmit={submit}
      className="space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm"
    >
      <div className="space-y-1">
        <label htmlFor="email" className="block text-sm font-medium">
          Email
        </label>
        <input
          id="email"
          name="email"
          // Not type="email": browsers refuse addresses an IdP may
          // provision, such as josé@example.com; the server checks it.
          type="text"
          inputMode="email"
          autoCapitalize="none"
          spellCheck={false}
          autoComplete="username"
          required
          className="w-full rounded border border-slate-300 px-3 py-2 focus:outline-2 focus:outline-indigo-500"
        />
      </div>
      <div className="space-y-1">
        <label htmlFor="password" className="block text-sm font-medium">
          Password
        </label>
        <input
          ref={password}
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          className="w-full rounded border border-slate-300 px-3 py-2 focus:outline-2 focus:outline-indigo-500"
        />
      </div>
      <p role="alert" className="min-h-5 text-sm text-red-700">
        {error}
      </p>
      <button
        type="submit"
        disabled={isPending || !isHydrated}
        className="w-full rounded bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700 disabled:opacity-60"
      >
        {isPending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
