import type { Metadata } from "next";
import { redirect } from "next/navigation";

import { SignInForm } from "@/components/sign-in-form";
import { getSessionUser } from "@/lib/auth/require-session";
import { safeReturnPath } from "@/lib/http/safe-return-path";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string }>;
}) {
  const returnTo = safeReturnPath((await searchParams).callbackUrl);
  if (await getSessionUser()) redirect(returnTo);

  return (
    <main className="mx-auto flex min-h-screen max-w-sm flex-col justify-center px-6">
      <h1 className="mb-6 text-2xl font-semibold">Sign in to Roster</h1>
      <SignInForm returnTo={returnTo} />
    </main>
  );
}
