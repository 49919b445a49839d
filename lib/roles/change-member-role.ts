import type { Database } from "@/db/client";
import { insertAuditEvent } from "@/db/queries/audit";
import { listMappedGroups } from "@/db/queries/group-role-mappings";
import { updateMembershipRoles } from "@/db/queries/managed-members";
import { findMembership, lockOwners } from "@/db/queries/members";
import { findScimUserOfAccount } from "@/db/queries/scim-users";
import type { WorkspaceRole } from "@/db/schema";
import { AppError } from "@/lib/errors";

import type { RoleActor } from "./actor-role-audit";
import { describeManagedRole } from "./describe-managed-role";
import { pickRoleSource } from "./role-order";

/**
 * An owner or admin changes a manual member's role by hand (decision 0008).
 * Refused for people the IdP manages, with the reason; only an owner grants
 * or removes Owner, and the last owner keeps it.
 */
export async function changeMemberRole(
  db: Database,
  input: RoleActor & {
    actorRole: WorkspaceRole;
    userId: string;
    role: WorkspaceRole;
  },
) {
  return db.transaction(async (tx) => {
    // Owner rows first, as every path that removes an owner takes them.
    const owners = await lockOwners(tx, input.workspaceId);
    const membership = await findMembership(
      tx,
      input.workspaceId,
      input.userId,
    );
    if (!membership) {
      throw new AppError(
        "not_found",
        "This person is no longer a member of this workspace.",
      );
    }
    if (membership.source === "scim") {
      const scimUser = await findScimUserOfAccount(
        tx,
        input.workspaceId,
        input.userId,
      );
      const groups = scimUser
        ? await listMappedGroups(tx, input.workspaceId, [scimUser.id])
        : [];
      throw new AppError(
        "forbidden",
        describeManagedRole(membership.role, pickRoleSource(groups)).refusal,
      );
    }
    if (membership.role === input.role) return { changed: false };

    const isOwnerChange = input.role === "owner" || membership.role === "owner";
    if (isOwnerChange && input.actorRole !== "owner") {
      throw new AppError(
        "forbidden",
        "Only an owner can make someone an owner or change an owner's role.",
      );
    }
    if (membership.role === "owner" && owners.length <= 1) {
      throw new AppError(
        "conflict",
        "This person is the last owner of the workspace. Make another member an owner first.",
      );
    }

    await updateMembershipRoles(
      tx,
      input.workspaceId,
      [input.userId],
      input.role,
    );
    await insertAuditEvent(tx, {
      workspaceId: input.workspaceId,
      action: "member.role_changed",
      actorUserId: input.actorUserId,
      targetType: "user",
      targetId: input.userId,
      ip: input.ip,
      details: { from: membership.role, to: input.role },
    });

    return { changed: true };
  });
}
