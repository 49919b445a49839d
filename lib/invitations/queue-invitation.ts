import { randomUUID } from "node:crypto";

import type { DbOrTx } from "@/db/client";
import {
  insertInvitation,
  insertInvitationEmail,
} from "@/db/queries/invitations";
import { hasPassword } from "@/db/queries/users";
import { pipeline } from "@/db/pipeline";

import {
  generateInviteSecret,
  hashInviteSecret,
  inviteExpiry,
} from "./invite-secret";

/**
 * Queues the invitation a provisioned person receives (DESIGN.md, create);
 * call inside the create transaction. An account without a password gets a
 * link to set one. Its secret is kept as a hash on the invitation and, until
 * the email is sent, in the outbox payload only (decision 0010). Returns the
 * outbox id, never the secret. Both rows are sent as soon as this is called,
 * so that a caller may send its own writes in the same round trip.
 */
export async function queueInvitation(
  tx: DbOrTx,
  values: {
    workspaceId: string;
    userId: string;
    needsPassword: boolean;
    origin: string;
  },
): Promise<string> {
  const secret = values.needsPassword ? generateInviteSecret() : null;
  const expiresAt = secret ? inviteExpiry() : null;
  const invitationId = randomUUID();
  const outboxId = randomUUID();
  await pipeline([
    insertInvitation(tx, {
      id: invitationId,
      workspaceId: values.workspaceId,
      userId: values.userId,
      tokenHash: secret ? hashInviteSecret(secret) : null,
      expiresAt,
    }),
    insertInvitationEmail(tx, {
      id: outboxId,
      workspaceId: values.workspaceId,
      userId: values.userId,
      payload: {
        invitationId,
        kind: secret ? "set_password" : "added",
        origin: values.origin,
        ...(secret && expiresAt
          ? { secret, expiresAt: expiresAt.toISOString() }
          : {}),
      },
    }),
  ]);

  return outboxId;
}

/**
 * A reactivated person without a password (created inactive, or whose link
 * expired) has no way in; they get a fresh link. Others get no email: IdPs
 * toggle `active` during imports, and the workspace list shows the change.
 */
export async function queueInvitationIfNoPassword(
  tx: DbOrTx,
  values: { workspaceId: string; userId: string; origin: string },
): Promise<string | null> {
  if (await hasPassword(tx, values.userId)) return null;

  return queueInvitation(tx, { ...values, needsPassword: true });
}
