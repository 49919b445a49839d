import { and, eq, gt, isNotNull, isNull, sql } from "drizzle-orm";

import type { DbOrTx } from "../client";
import { runStatement } from "../statement";
import { emailOutbox, invitations, users, workspaces } from "../schema";

/** What the invitation email says; `secret` is removed once it is sent. */
export interface InvitationPayload {
  [key: string]: unknown;
  invitationId: string;
  kind: "set_password" | "added";
  /** The app's public origin when the invitation was queued, for links. */
  origin: string;
  secret?: string;
  expiresAt?: string;
}

// Both inserts are written in SQL rather than with Drizzle's builder: every
// provisioned person gets them, and building them cost more than running them.
export async function insertInvitation(
  db: DbOrTx,
  values: {
    id: string;
    workspaceId: string;
    userId: string;
    tokenHash: string | null;
    expiresAt: Date | null;
  },
) {
  await runStatement(db, INSERT_INVITATION, [
    values.workspaceId,
    values.id,
    values.userId,
    values.tokenHash,
    values.expiresAt?.toISOString() ?? null,
  ]);
}

const INSERT_INVITATION = `
  insert into invitations (workspace_id, id, user_id, source, token_hash,
    expires_at)
  values ($1, $2, $3, 'scim', $4, $5)`;

export async function insertInvitationEmail(
  db: DbOrTx,
  values: {
    id: string;
    workspaceId: string;
    userId: string;
    payload: InvitationPayload;
  },
) {
  await runStatement(db, INSERT_INVITATION_EMAIL, [
    values.id,
    values.workspaceId,
    values.userId,
    JSON.stringify(values.payload),
  ]);
}

const INSERT_INVITATION_EMAIL = `
  insert into email_outbox (id, workspace_id, recipient_user_id, template,
    payload)
  values ($1, $2, $3, 'scim_invitation', $4)`;

/** A live set-password invitation by its link's hash, with whom it is for. */
export async function findOpenInvitation(
  db: DbOrTx,
  tokenHash: string,
  options: { forUpdate?: boolean } = {},
) {
  const query = db
    .select({
      id: invitations.id,
      workspaceId: invitations.workspaceId,
      workspaceName: workspaces.name,
      workspaceSlug: workspaces.slug,
      userId: users.id,
      email: users.email,
      name: users.name,
      hasPassword: sql<boolean>`${users.passwordHash} is not null`,
    })
    .from(invitations)
    .innerJoin(workspaces, eq(workspaces.id, invitations.workspaceId))
    .innerJoin(users, eq(users.id, invitations.userId))
    .where(
      and(
        eq(invitations.tokenHash, tokenHash),
        isNull(invitations.acceptedAt),
        gt(invitations.expiresAt, sql`now()`),
      ),
    );
  const [row] = options.forUpdate
    ? // The account too: two links of one person must not both set it.
      await query.for("update", { of: [invitations, users] })
    : await query;

  return row;
}

export async function markInvitationAccepted(
  db: DbOrTx,
  workspaceId: string,
  id: string,
) {
  await db
    .update(invitations)
    .set({ acceptedAt: new Date(), tokenHash: null })
    .where(
      and(eq(invitations.workspaceId, workspaceId), eq(invitations.id, id)),
    );
}

/**
 * Once a person has a password, their other set-password links (from other
 * workspaces) must not set it again: their hashes go, and so do the secrets
 * still waiting in unsent emails. Scoped by the person, not a workspace,
 * because the links belong to them.
 */
export async function revokeOpenInviteLinksOf(db: DbOrTx, userId: string) {
  await db
    .update(invitations)
    .set({ tokenHash: null })
    .where(
      and(eq(invitations.userId, userId), isNotNull(invitations.tokenHash)),
    );
  await db
    .update(emailOutbox)
    .set({ payload: sql`${emailOutbox.payload} - 'secret'` })
    .where(
      and(
        eq(emailOutbox.recipientUserId, userId),
        sql`${emailOutbox.payload} ? 'secret'`,
      ),
    );
}
