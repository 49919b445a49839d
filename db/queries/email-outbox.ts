import { and, asc, desc, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";

import type { DbOrTx } from "../client";
import { emailOutbox, users, workspaceMembers, workspaces } from "../schema";

const letterColumns = {
  id: emailOutbox.id,
  template: emailOutbox.template,
  payload: emailOutbox.payload,
  attempts: emailOutbox.attempts,
  createdAt: emailOutbox.createdAt,
  sentAt: emailOutbox.sentAt,
  lastError: emailOutbox.lastError,
  nextAttemptAt: emailOutbox.nextAttemptAt,
  recipientEmail: users.email,
  recipientName: users.name,
  workspaceName: workspaces.name,
  workspaceSlug: workspaces.slug,
};

export type OutboxLetter = Awaited<ReturnType<typeof findLetters>>[number];

/**
 * Claims up to `limit` due emails for this caller. `FOR UPDATE SKIP LOCKED`
 * lets several instances claim at once without waiting on or taking each
 * other's rows; the claim itself counts the attempt and pushes the next one
 * past `leaseMs`, so a crash mid-send only delays the email.
 */
export async function claimDueEmails(
  db: DbOrTx,
  options: {
    limit: number;
    leaseMs: number;
    maxAttempts: number;
    workspaceId?: string;
  },
) {
  const due = db
    .select({ id: emailOutbox.id })
    .from(emailOutbox)
    .where(
      and(
        isNull(emailOutbox.sentAt),
        options.workspaceId
          ? eq(emailOutbox.workspaceId, options.workspaceId)
          : undefined,
        lt(emailOutbox.attempts, options.maxAttempts),
        or(
          isNull(emailOutbox.nextAttemptAt),
          sql`${emailOutbox.nextAttemptAt} <= now()`,
        ),
      ),
    )
    .orderBy(asc(emailOutbox.createdAt))
    .limit(options.limit)
    .for("update", { skipLocked: true });
  const claimed = await db
    .update(emailOutbox)
    .set({
      attempts: sql`${emailOutbox.attempts} + 1`,
      nextAttemptAt: sql`now() + ${options.leaseMs} * interval '1 millisecond'`,
    })
    .where(inArray(emailOutbox.id, due))
    .returning({ id: emailOutbox.id });

  return findLetters(
    db,
    claimed.map((c) => c.id),
  );
}

async function findLetters(db: DbOrTx, ids: string[]) {
  if (ids.length === 0) return [];

  return db
    .select(letterColumns)
    .from(emailOutbox)
    .innerJoin(users, eq(users.id, emailOutbox.recipientUserId))
    .leftJoin(workspaces, eq(workspaces.id, emailOutbox.workspaceId))
    .where(inArray(emailOutbox.id, ids))
    .orderBy(asc(emailOutbox.createdAt));
}

/** Sent: the link's secret leaves the row with it (decision 0010). */
export async function markEmailSent(db: DbOrTx, id: string) {
  await db
    .update(emailOutbox)
    .set({
      sentAt: new Date(),
      lastError: null,
      nextAttemptAt: null,
      payload: sql`${emailOutbox.payload} - 'secret'`,
    })
    .where(eq(emailOutbox.id, id));
}

export async function markEmailFailed(
  db: DbOrTx,
  id: string,
  failure: { error: string; nextAttemptAt: Date | null },
) {
  await db
    .update(emailOutbox)
    .set({ lastError: failure.error, nextAttemptAt: failure.nextAttemptAt })
    .where(eq(emailOutbox.id, id));
}

/**
 * The development outbox: emails of workspaces the viewer administers, and
 * emails addressed to the viewer; nothing of other workspaces.
 */
export async function listOutboxForViewer(
  db: DbOrTx,
  viewerId: string,
  limit = 50,
) {
  const administered = db
    .select({ id: workspaceMembers.workspaceId })
    .from(workspaceMembers)
    .where(
      and(
        eq(workspaceMembers.userId, viewerId),
        inArray(workspaceMembers.role, ["owner", "admin"]),
      ),
    );

  return db
    .select(letterColumns)
    .from(emailOutbox)
    .innerJoin(users, eq(users.id, emailOutbox.recipientUserId))
    .leftJoin(workspaces, eq(workspaces.id, emailOutbox.workspaceId))
    .where(
      or(
        eq(emailOutbox.recipientUserId, viewerId),
        inArray(emailOutbox.workspaceId, administered),
      ),
    )
    .orderBy(desc(emailOutbox.createdAt), desc(emailOutbox.id))
    .limit(limit);
}
