import type { Metadata } from "next";
import { notFound } from "next/navigation";

import { type OutboxEntry, OutboxList } from "@/components/email/outbox-list";
import { getDb } from "@/db";
import { listOutboxForViewer } from "@/db/queries/email-outbox";
import { requireSessionUser } from "@/lib/auth/require-session";
import { renderLetter } from "@/lib/email/deliver-due-emails";
import { isDevOutboxEnabled } from "@/lib/email/mail-config";

export const dynamic = "force-dynamic";
export const metadata: Metadata = {
  title: "Development outbox",
  robots: { index: false, follow: false },
};

/**
 * Development only (decision 0010): the emails Roster queued, as sent, for
 * the workspaces the viewer administers and for the viewer themself.
 */
export default async function DevOutboxPage() {
  if (!isDevOutboxEnabled()) notFound();
  const user = await requireSessionUser("/dev/outbox");

  const letters = await listOutboxForViewer(getDb(), user.id);
  const entries: OutboxEntry[] = letters.map((letter) => ({
    id: letter.id,
    to: letter.recipientEmail,
    createdAt: letter.createdAt,
    sentAt: letter.sentAt,
    attempts: letter.attempts,
    lastError: letter.lastError,
    email: renderOrNull(letter),
  }));

  return (
    <main className="mx-auto max-w-3xl px-6 py-10">
      <h1 className="text-2xl font-semibold">Development outbox</h1>
      <p className="mt-1 mb-6 text-slate-600">
        Emails queued for the workspaces you administer and for you. This page
        exists only in development; with SMTP configured, emails are also
        delivered.
      </p>
      <OutboxList entries={entries} />
    </main>
  );
}

function renderOrNull(letter: Parameters<typeof renderLetter>[0]) {
  try {
    return renderLetter(letter);
  } catch {
    return null;
  }
}
