import type { Transaction } from "@/db/client";
import {
  countOwners,
  deleteMembership,
  findMembership,
  insertMembership,
} from "@/db/queries/members";
import { getProvisioningSettings } from "@/db/queries/provisioning-settings";
import type { WorkspaceRole } from "@/db/schema";
import { ScimError } from "@/lib/scim/errors";

import { auditScimChange } from "./audit-scim-change";
import type { ScimContext } from "./scim-context";

/** DESIGN.md: the last owner of a workspace is never removed by SCIM. */
export async function removeMembershipUnlessLastOwner(
  tx: Transaction,
  ctx: ScimContext,
  userId: string,
) {
  const membership = await findMembership(tx, ctx.workspaceId, userId);
  if (!membership) return null;
  if (
    membership.role === "owner" &&
    (await countOwners(tx, ctx.workspaceId)) <= 1
  ) {
    throw new ScimError(
      409,
      "This person is the last owner of the workspace and cannot be removed by provisioning. Transfer ownership in Roster first.",
    );
  }
  await deleteMembership(tx, ctx.workspaceId, userId);
  await auditScimChange(tx, ctx, {
    action: "member.removed_by_scim",
    targetType: "user",
    targetId: userId,
    details: { role: membership.role },
  });

  return membership.role;
}

/** Re-adds a reactivated person with the role the workspace's policy gives. */
export async function restoreMembership(
  tx: Transaction,
  ctx: ScimContext,
  userId: string,
  roleBeforeDeactivation: WorkspaceRole | null,
) {
  if (await findMembership(tx, ctx.workspaceId, userId)) return;

  const settings = await getProvisioningSettings(tx, ctx.workspaceId);
  const role =
    settings.reactivationPolicy === "restore_previous_role" &&
    roleBeforeDeactivation
      ? roleBeforeDeactivation
      : settings.role;
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
    details: { role },
  });
}
