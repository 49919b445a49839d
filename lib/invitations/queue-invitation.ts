import type { DbOrTx } from "@/db/client";
import {
  insertInvitation,
  insertInvitationEmail,
} from "@/db/queries/invitations";

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
 * outbox id, never the secret.
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
  const invitationId = await insertInvitation(tx, {
    workspaceId: values.workspaceId,
    userId: values.userId,
    tokenHash: secret ? hashInviteSecret(secret) : null,
    expiresAt,
  });

  return insertInvitationEmail(tx, {
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
  });
}
