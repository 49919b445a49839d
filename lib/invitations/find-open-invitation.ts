import type { DbOrTx } from "@/db/client";
import { findOpenInvitation } from "@/db/queries/invitations";

import { hashInviteSecret, isWellFormedInviteSecret } from "./invite-secret";

/**
 * The invitation behind a set-password link, if the link still works: known,
 * unused, unexpired, and for an account that has no password yet.
 */
export async function findUsableInvitation(
  db: DbOrTx,
  secret: string,
  options: { forUpdate?: boolean } = {},
) {
  if (typeof secret !== "string" || !isWellFormedInviteSecret(secret))
    return null;

  const invitation = await findOpenInvitation(
    db,
    hashInviteSecret(secret),
    options,
  );
  if (!invitation || invitation.hasPassword) return null;

  return invitation;
}
