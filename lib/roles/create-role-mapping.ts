import type { Database } from "@/db/client";
import {
  findRoleMapping,
  insertRoleMapping,
} from "@/db/queries/group-role-mappings";
import { AppError } from "@/lib/errors";
import type { ProvisioningRole } from "@/lib/workspaces/roles";

import { actorRoleAudit, type RoleActor } from "./actor-role-audit";
import { lockMappedGroup } from "./lock-mapped-group";
import { recomputeMemberRoles } from "./recompute-member-roles";

/**
 * Maps a pushed IdP group to a role and gives its members their new roles,
 * in one transaction. Returns how many members changed role.
 */
export async function createRoleMapping(
  db: Database,
  input: RoleActor & { groupId: string; role: ProvisioningRole },
) {
  return db.transaction(async (tx) => {
    const { group, memberIds } = await lockMappedGroup(
      tx,
      input.workspaceId,
      input.groupId,
    );
    if (await findRoleMapping(tx, input.workspaceId, input.groupId)) {
      throw new AppError(
        "conflict",
        `${group.displayName} is already mapped to a role; change its role in the list instead.`,
      );
    }

    await insertRoleMapping(tx, {
      workspaceId: input.workspaceId,
      groupId: input.groupId,
      role: input.role,
      createdBy: input.actorUserId,
    });
    const audit = actorRoleAudit(tx, input);
    await audit({
      action: "role_mapping.created",
      targetType: "group",
      targetId: input.groupId,
      details: { role: input.role },
    });
    const changes = await recomputeMemberRoles(tx, {
      workspaceId: input.workspaceId,
      scimUserIds: memberIds,
      audit,
    });

    return { groupName: group.displayName, changed: changes.length };
  });
}
