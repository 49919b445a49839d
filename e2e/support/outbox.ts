import { and, eq } from "drizzle-orm";

import type { InvitationPayload } from "@/db/queries/invitations";
import { emailOutbox, invitations, users } from "@/db/schema";

import { testDb } from "./test-db";

/** The invitation emails and rows of one person in one workspace. */
export async function invitationState(workspaceId: string, email: string) {
  const db = testDb();
  const [account] = await db
    .select({ id: users.id, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.email, email));
  if (!account) throw new Error("no account with that email");
  const outbox = await db
    .select({
      id: emailOutbox.id,
      payload: emailOutbox.payload,
      sentAt: emailOutbox.sentAt,
      attempts: emailOutbox.attempts,
      lastError: emailOutbox.lastError,
      nextAttemptAt: emailOutbox.nextAttemptAt,
    })
    .from(emailOutbox)
    .where(
      and(
        eq(emailOutbox.workspaceId, workspaceId),
        eq(emailOutbox.recipientUserId, account.id),
      ),
    );
  const invites = await db
    .select({
      id: invitations.id,
      tokenHash: invitations.tokenHash,
      expiresAt: invitations.expiresAt,
      acceptedAt: invitations.acceptedAt,
    })
    .from(invitations)
    .where(
      and(
        eq(invitations.workspaceId, workspaceId),
        eq(invitations.userId, account.id),
      ),
    );

  return {
    account,
    emails: outbox.map((e) => ({
      ...e,
      payload: e.payload as InvitationPayload,
    })),
    invitations: invites,
  };
}

/** The set-password link's secret as the email would carry it. */
export async function inviteSecretOf(workspaceId: string, email: string) {
  const { emails } = await invitationState(workspaceId, email);
  const secret = emails[0]?.payload.secret;
  if (!secret) throw new Error("no set-password link was queued");

  return secret;
}
