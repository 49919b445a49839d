import { findRoleMapping } from "@/db/queries/group-role-mappings";
import { lockScimUsers } from "@/db/queries/managed-members";
import {
  deleteScimGroup as deleteRow,
  findScimGroup,
  listGroupMemberIds,
} from "@/db/queries/scim-groups";
import { assertIfMatch } from "@/lib/scim/etag";
import { notFound } from "@/lib/scim/errors";
import { recomputeMemberRoles } from "@/lib/roles/recompute-member-roles";

import { auditScimChange } from "./audit-scim-change";
import { noteRoleChanges, scimRoleAudit } from "./note-role-changes";
import { isUuid, type ScimContext } from "./scim-context";

/**
 * DELETE /Groups/{id} (RFC 7644 §3.6): the group and its membership rows go;
 * the member users and their workspace memberships stay. When the group was
 * mapped to a role, its members' roles are recomputed without it (issue 6).
 * Returns the displayName it had, for the activity log.
 */
export async function deleteScimGroup(
  ctx: ScimContext,
  id: string,
  ifMatch?: string | null,
) {
  if (!isUuid(id)) throw notFound();

  const { roleChanges, groupName } = await ctx.db.transaction(async (tx) => {
    const current = await findScimGroup(tx, ctx.workspaceId, id, {
      forUpdate: true,
    });
    if (!current) throw notFound();
    assertIfMatch(ifMatch, current.version);

    const isMapped = Boolean(await findRoleMapping(tx, ctx.workspaceId, id));
    const affected = isMapped
      ? await listGroupMemberIds(tx, ctx.workspaceId, id)
      : [];
    await lockScimUsers(tx, ctx.workspaceId, affected);
    await deleteRow(tx, ctx.workspaceId, id);
    const roleChanges = await recomputeMemberRoles(tx, {
      workspaceId: ctx.workspaceId,
      scimUserIds: affected,
      audit: scimRoleAudit(tx, ctx),
    });
    await auditScimChange(tx, ctx, {
      action: "scim.group_deleted",
      targetType: "group",
      targetId: id,
      details: {},
    });

    return { roleChanges, groupName: current.displayName };
  });
  ctx.log.info(
    { operation: "delete", resourceType: "Group", resourceId: id },
    "scim group deleted",
  );
  noteRoleChanges(ctx, roleChanges, { id, displayName: groupName });

  return { displayName: groupName };
}
