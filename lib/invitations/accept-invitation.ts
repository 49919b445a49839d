import type { Database } from "@/db/client";
import {
  markInvitationAccepted,
  revokeOpenInviteLinksOf,
} from "@/db/queries/invitations";
import { findMembership } from "@/db/queries/members";
import { setPasswordHash } from "@/db/queries/users";
import { hashPassword } from "@/lib/auth/passwords";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";

import { findUsableInvitation } from "./find-open-invitation";
import {
  type SetPasswordInput,
  setPasswordSchema,
} from "./set-password-schema";

export const INVALID_LINK =
  "This invitation link is not valid. It may have expired or already been used.";

/**
 * Sets the password of a provisioned person from their invitation link. The
 * link works once; their other open links stop working too. Returns where to
 * land: the workspace if they are still a member, else their workspace list.
 */
export async function acceptInvitation(
  db: Database,
  secret: string,
  input: SetPasswordInput,
) {
  const { password } = setPasswordSchema.parse(input);
  const passwordHash = await hashPassword(password);

  const accepted = await db.transaction(async (tx) => {
    const invitation = await findUsableInvitation(tx, secret, {
      forUpdate: true,
    });
    if (!invitation) throw new AppError("not_found", INVALID_LINK);

    await setPasswordHash(tx, invitation.userId, passwordHash);
    await markInvitationAccepted(tx, invitation.workspaceId, invitation.id);
    await revokeOpenInviteLinksOf(tx, invitation.userId);
    const membership = await findMembership(
      tx,
      invitation.workspaceId,
      invitation.userId,
    );

    return {
      invitationId: invitation.id,
      email: invitation.email,
      landingPath: membership ? `/w/${invitation.workspaceSlug}` : "/",
    };
  });
  logger.info(
    { invitationId: accepted.invitationId },
    "invitation accepted, password set",
  );

  return { email: accepted.email, landingPath: accepted.landingPath };
}
