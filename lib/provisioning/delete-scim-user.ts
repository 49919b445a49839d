import {
  deleteScimUser as deleteRow,
  lockScimUser,
} from "@/db/queries/scim-users";
import { assertIfMatch } from "@/lib/scim/etag";
import { notFound } from "@/lib/scim/errors";

import { removeMembershipUnlessLastOwner } from "./membership-effects";
import { auditScimChange } from "./audit-scim-change";
import { isUuid, type ScimContext } from "./scim-context";

/**
 * DELETE /Users/{id}: the membership and the SCIM user go; the account stays.
 * Returns the userName it had, for the activity log.
 */
export async function deleteScimUser(
  ctx: ScimContext,
  id: string,
  ifMatch?: string | null,
) {
  if (!isUuid(id)) throw notFound();

  const userName = await ctx.db.transaction(async (tx) => {
    const current = await lockScimUser(tx, ctx.workspaceId, id);
    if (!current) throw notFound();
    assertIfMatch(ifMatch, current.version);

    await removeMembershipUnlessLastOwner(tx, ctx, current.userId);
    await deleteRow(tx, ctx.workspaceId, id);
    await auditScimChange(tx, ctx, {
      action: "scim.user_deleted",
      targetType: "user",
      targetId: current.userId,
      details: { scimUserId: id },
    });

    return current.userName;
  });
  ctx.log.info(
    { operation: "delete", resourceType: "User", resourceId: id },
    "scim user deleted",
  );

  return { userName };
}
