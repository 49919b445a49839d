import type { Database } from "@/db/client";
import {
  findRoleMapping,
  updateRoleMapping as updateRow,
} from "@/db/queries/group-role-mappings";
import { AppError } from "@/lib/errors";
import type { ProvisioningRole } from "@/lib/workspaces/roles";

import { actorRoleAudit, type RoleActor } from "./actor-role-audit";
import { lockMappedGroup } from "./lock-mapped-group";
import { recomputeMemberRoles } from "./recompute-member-roles";

/** Changes the role a mapped group gives and recomputes its members' roles. */
export async function updateRoleMapping(
  db: Database,
  input: RoleActor & { groupId: string; role: ProvisioningRole },
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
    if (mapping.role === input.role) {
      return { groupName: group.displayName, changed: 0 };
    }

    await updateRow(tx, input.workspaceId, input.groupId, input.role);
    const audit = actorRoleAudit(tx, input);
    await audit({
      action: "role_mapping.updated",
      targetType: "group",
      targetId: input.groupId,
      details: { from: mapping.role, to: input.role },
    });
    const changes = await recomputeMemberRoles(tx, {
      workspaceId: input.workspaceId,
      scimUserIds: memberIds,
      audit,
    });

    return { groupName: group.displayName, changed: changes.length };
  });
}
