import type { DbOrTx } from "../client";
import { emailOutbox, invitations } from "../schema";

/** Queues the invitation a provisioned person receives (DESIGN.md, create). */
export async function queueInvitation(
  db: DbOrTx,
  values: {
    workspaceId: string;
    userId: string;
    workspaceName: string;
    isNewAccount: boolean;
  },
) {
  const [invitation] = await db
    .insert(invitations)
    .values({
      workspaceId: values.workspaceId,
      userId: values.userId,
      source: "scim",
    })
    .returning({ id: invitations.id });
  await db.insert(emailOutbox).values({
    workspaceId: values.workspaceId,
    recipientUserId: values.userId,
    template: "scim_invitation",
    payload: {
      invitationId: invitation.id,
      workspaceName: values.workspaceName,
      isNewAccount: values.isNewAccount,
    },
  });
}
