import type { Transaction } from "@/db/client";
import type { RoleAudit, RoleChange } from "@/lib/roles/recompute-member-roles";

import { auditScimChange } from "./audit-scim-change";
import type { ScimContext } from "./scim-context";

/** Role changes a SCIM request causes are audited as its token. */
export function scimRoleAudit(tx: Transaction, ctx: ScimContext): RoleAudit {
  return (event) => auditScimChange(tx, ctx, event);
}

/**
 * After the transaction committed: one line for the request's provisioning
 * event naming the group that caused the changes, and one log entry (ids
 * and counts only).
 */
export function noteRoleChanges(
  ctx: ScimContext,
  changes: RoleChange[],
  group: { id: string; displayName: string },
) {
  if (changes.length === 0) return;

  ctx.effects?.push(
    `Role of ${changes.length} member(s) changed by group ${group.displayName}`,
  );
  ctx.log.info(
    {
      operation: "recompute roles",
      resourceType: "Group",
      resourceId: group.id,
      membersChanged: changes.length,
    },
    "member roles recomputed",
  );
}
