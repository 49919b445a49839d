import type { Database } from "@/db/client";
import {
  deleteRoleMapping as deleteRow,
  findRoleMapping,
} from "@/db/queries/group-role-mappings";
import { AppError } from "@/lib/errors";

import { actorRoleAudit, type RoleActor } from "./actor-role-audit";
import { lockMappedGroup } from "./lock-mapped-group";
import { recomputeMemberRoles } from "./recompute-member-roles";

/**
 * Removes a group's mapping; its members fall back to their other mapped
 * groups or the role for provisioned members, in the same transaction.
 */
export async function deleteRoleMapping(
  db: Database,
  input: RoleActor & { groupId: string },
) {
  return db.transaction(async (tx) => {
    const { group, memberIds } = await lockMappedGroup(
      tx,
      input.workspaceId,
      input.groupId,
    );
    const mapping = await findRoleMapping(tx, input.workspaceId, input.groupId);
    if (!mapping) {
      throw new AppError(
        "not_found",
        `${group.displayName} is no longer mapped to a role.`,
      );
    }

    await deleteRow(tx, input.workspaceId, input.groupId);
    const audit = actorRoleAudit(tx, input);
    await audit({
      action: "role_mapping.deleted",
      targetType: "group",
      targetId: input.groupId,
      details: { role: mapping.role },
    });
    const changes = await recomputeMemberRoles(tx, {
      workspaceId: input.workspaceId,
      scimUserIds: memberIds,
      audit,
    });

    return { groupName: group.displayName, changed: changes.length };
  });
}
