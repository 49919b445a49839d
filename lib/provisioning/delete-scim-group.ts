import {
  deleteScimGroup as deleteRow,
  findScimGroup,
} from "@/db/queries/scim-groups";
import { assertIfMatch } from "@/lib/scim/etag";
import { notFound } from "@/lib/scim/errors";

import { auditScimChange } from "./audit-scim-change";
import { isUuid, type ScimContext } from "./scim-context";

/**
 * DELETE /Groups/{id} (RFC 7644 §3.6): the group and its membership rows go;
 * the member users and their workspace memberships stay. Returns the
 * displayName it had, for the activity log.
 */
export async function deleteScimGroup(
  ctx: ScimContext,
  id: string,
  ifMatch?: string | null,
) {
  if (!isUuid(id)) throw notFound();

  const displayName = await ctx.db.transaction(async (tx) => {
    const current = await findScimGroup(tx, ctx.workspaceId, id, {
      forUpdate: true,
    });
    if (!current) throw notFound();
    assertIfMatch(ifMatch, current.version);

    await deleteRow(tx, ctx.workspaceId, id);
    await auditScimChange(tx, ctx, {
      action: "scim.group_deleted",
      targetType: "group",
      targetId: id,
      details: {},
    });

    return current.displayName;
  });
  ctx.log.info(
    { operation: "delete", resourceType: "Group", resourceId: id },
    "scim group deleted",
  );

  return { displayName };
}
