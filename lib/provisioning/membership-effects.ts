import type { Transaction } from "@/db/client";
import { listMappedGroups } from "@/db/queries/group-role-mappings";
import {
  deleteMembership,
  deleteMembershipUnlessOwner,
  findMembership,
  insertMembership,
  lockOwners,
} from "@/db/queries/members";
import { getProvisioningSettings } from "@/db/queries/provisioning-settings";
import type { WorkspaceRole } from "@/db/schema";
import { pickRoleSource } from "@/lib/roles/role-order";
import { ScimError } from "@/lib/scim/errors";

import { auditScimChange } from "./audit-scim-change";
import type { ScimContext } from "./scim-context";

/**
 * DESIGN.md: the last owner of a workspace is never removed by SCIM. Returns
 * the role removed, or null when the person was not a member.
 */
export async function removeMembershipUnlessLastOwner(
  tx: Transaction,
  ctx: ScimContext,
  userId: string,
) {
  const audit = {
    action: "member.removed_by_scim",
    actorTokenId: ctx.tokenId,
    ip: ctx.ip,
  };
  // Most people are not owners: one statement removes them and audits it.
  const role = await deleteMembershipUnlessOwner(
    tx,
    ctx.workspaceId,
    userId,
    audit,
  );
  if (role) return role;

  const membership = await findMembership(tx, ctx.workspaceId, userId);
  if (!membership) return null;
  if (
    membership.role === "owner" &&
    (await lockOwners(tx, ctx.workspaceId)).length <= 1
  ) {
    throw new ScimError(
      409,
      "This person is the last owner of the workspace and cannot be removed by provisioning. Transfer ownership in Roster first.",
    );
  }
  await deleteMembership(tx, ctx.workspaceId, userId);
  await auditScimChange(tx, ctx, {
    action: audit.action,
    targetType: "user",
    targetId: userId,
    details: { role: membership.role },
  });

  return membership.role;
}

/**
 * Re-adds a reactivated person. A person in a mapped group gets the mapped
 * role (issue 6); otherwise the workspace's reactivation policy decides. A
 * former owner restored by that policy stays owner: mappings never grant
 * or take away Owner.
 */
export async function restoreMembership(
  tx: Transaction,
  ctx: ScimContext,
  person: {
    userId: string;
    scimUserId: string;
    roleBeforeDeactivation: WorkspaceRole | null;
  },
) {
  const { userId, roleBeforeDeactivation } = person;
  if (await findMembership(tx, ctx.workspaceId, userId)) return;

  const settings = await getProvisioningSettings(tx, ctx.workspaceId);
  const policyRole =
    settings.reactivationPolicy === "restore_previous_role" &&
    roleBeforeDeactivation
      ? roleBeforeDeactivation
      : settings.role;
  const source = pickRoleSource(
    await listMappedGroups(tx, ctx.workspaceId, [person.scimUserId]),
  );
  const role = source && policyRole !== "owner" ? source.role : policyRole;
  await insertMembership(tx, {
    workspaceId: ctx.workspaceId,
    userId,
    role,
    source: "scim",
  });
  await auditScimChange(tx, ctx, {
    action: "member.restored_by_scim",
    targetType: "user",
    targetId: userId,
    details: { role, groupId: source?.groupId ?? null },
  });
}
