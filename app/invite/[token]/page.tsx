import type { Metadata } from "next";
import Link from "next/link";

import { SetPasswordForm } from "@/components/invitations/set-password-form";
import { getDb } from "@/db";
import { INVALID_LINK } from "@/lib/invitations/accept-invitation";
import { findUsableInvitation } from "@/lib/invitations/find-open-invitation";

export const dynamic = "force-dynamic";
export const metadata: Metadata = {
  title: "Set your password",
  robots: { index: false, follow: false },
};

export default async function InvitePage({
  params,
}: {
  params: Promise<{ token: string }>;
}) {
  const { token } = await params;
  const invitation = await findUsableInvitation(getDb(), token);

  return (
    <main className="mx-auto flex min-h-screen max-w-sm flex-col justify-center px-6">
      {invitation ? (
        <>
          <h1 className="mb-2 text-2xl font-semibold">Set your password</h1>
          <p className="mb-6 text-slate-700">
            You have been added to <bdi>{invitation.workspaceName}</bdi>. Choose
            a password for your Roster account to open it.
          </p>
          <SetPasswordForm secret={token} email={invitation.email} />
        </>
      ) : (
        <>
          <h1 className="mb-2 text-2xl font-semibold">
            This link does not work
          </h1>
          <p className="mb-4 text-slate-700">{INVALID_LINK}</p>
          <p className="mb-6 text-slate-700">
            If you already set a password, sign in. Otherwise, contact an admin
            of your workspace.
          </p>
          <Link
            href="/signin"
            className="self-start rounded bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700"
          >
            Go to sign in
          </Link>
        </>
      )}
    </main>
  );
}
