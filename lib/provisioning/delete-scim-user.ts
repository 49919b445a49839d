import { insertAuditEvent } from "@/db/queries/audit";
import {
  deleteScimUser as deleteRow,
  findScimUser,
} from "@/db/queries/scim-users";
import { assertIfMatch } from "@/lib/scim/etag";
import { notFound } from "@/lib/scim/errors";

import { removeMembershipUnlessLastOwner } from "./membership-effects";
import { isUuid, type ScimContext } from "./scim-context";

/** DELETE /Users/{id}: the membership and the SCIM user go; the account stays. */
export async function deleteScimUser(
  ctx: ScimContext,
  id: string,
  ifMatch?: string | null,
) {
  if (!isUuid(id)) throw notFound();

  await ctx.db.transaction(async (tx) => {
    const current = await findScimUser(tx, ctx.workspaceId, id, {
      forUpdate: true,
    });
    if (!current) throw notFound();
    assertIfMatch(ifMatch, current.version);

    await removeMembershipUnlessLastOwner(tx, ctx, current.userId);
    await deleteRow(tx, ctx.workspaceId, id);
    await insertAuditEvent(tx, {
      workspaceId: ctx.workspaceId,
      action: "scim.user_deleted",
      actorTokenId: ctx.tokenId,
      targetType: "user",
      targetId: current.userId,
      details: { scimUserId: id },
    });
  });
  ctx.log.info(
    { operation: "delete", resourceType: "User", resourceId: id },
    "scim user deleted",
  );
}
