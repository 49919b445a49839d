import type { Transaction } from "@/db/client";
import type { AuditEvent } from "@/db/queries/audit";
import { listMappedGroups } from "@/db/queries/group-role-mappings";
import {
  listDeactivatedRoles,
  listManagedMemberships,
  lockScimUsers,
  updateMembershipRoles,
  updateRoleBeforeDeactivation,
} from "@/db/queries/managed-members";
import { getProvisioningSettings } from "@/db/queries/provisioning-settings";
import type { WorkspaceRole } from "@/db/schema";

import { type MappedGroup, pickRoleSource } from "./role-order";

export type RoleAudit = (
  event: Pick<AuditEvent, "action" | "targetType" | "targetId" | "details">,
) => Promise<void>;

export interface RoleChange {
  userId: string;
  from: WorkspaceRole;
  to: WorkspaceRole;
  /** The mapped group that gives the new role, or null for the default role. */
  groupId: string | null;
}

// Keeps each statement far below PostgreSQL's 65,535 bind parameters when a
// mapped group of thousands of people changes.
const BATCH = 1000;

/**
 * Brings the roles of the listed SCIM users in line with the role mapping,
 * inside the caller's transaction: the highest role of their mapped groups,
 * else the role for provisioned members. Owners are never touched, nor are
 * manual members. Deactivated people have no membership; the role they
 * would get back on reactivation follows the mapping instead, so leaving an
 * Admin group while deactivated does not bring Admin back. Each change is
 * audited as `member.role_changed_by_mapping`.
 */
export async function recomputeMemberRoles(
  tx: Transaction,
  input: { workspaceId: string; scimUserIds: string[]; audit: RoleAudit },
): Promise<RoleChange[]> {
  const ids = [...new Set(input.scimUserIds)].sort();
  const settings = await getProvisioningSettings(tx, input.workspaceId);
  const changes: RoleChange[] = [];
  for (let i = 0; i < ids.length; i += BATCH) {
    const batch = ids.slice(i, i + BATCH);
    await lockScimUsers(tx, input.workspaceId, batch);
    // Read only after the locks: a writer that held one has committed, and
    // each statement sees what it wrote.
    const memberships = await listManagedMemberships(
      tx,
      input.workspaceId,
      batch,
    );
    const groupsOf = groupByUser(
      await listMappedGroups(tx, input.workspaceId, batch),
    );
    const mappedRoleOf = (scimUserId: string) => {
      const source = pickRoleSource(groupsOf.get(scimUserId) ?? []);

      return { role: source?.role ?? settings.role, groupId: source?.groupId };
    };
    for (const membership of memberships) {
      if (membership.role === "owner") continue;
      const { role, groupId } = mappedRoleOf(membership.scimUserId);
      if (role === membership.role) continue;
      changes.push({
        userId: membership.userId,
        from: membership.role,
        to: role,
        groupId: groupId ?? null,
      });
    }
    for (const person of await listDeactivatedRoles(
      tx,
      input.workspaceId,
      batch,
    )) {
      const from = person.roleBeforeDeactivation;
      if (from === null || from === "owner") continue;
      const { role, groupId } = mappedRoleOf(person.scimUserId);
      if (role === from) continue;
      await updateRoleBeforeDeactivation(
        tx,
        input.workspaceId,
        person.scimUserId,
        role,
      );
      await input.audit({
        action: "member.role_changed_by_mapping",
        targetType: "user",
        targetId: person.userId,
        details: {
          from,
          to: role,
          groupId: groupId ?? "default",
          whileDeactivated: true,
        },
      });
    }
  }
  await applyChanges(tx, input.workspaceId, changes);
  for (const change of changes) {
    await input.audit({
      action: "member.role_changed_by_mapping",
      targetType: "user",
      targetId: change.userId,
      details: {
        from: change.from,
        to: change.to,
        groupId: change.groupId ?? "default",
      },
    });
  }

  return changes;
}

function groupByUser(rows: (MappedGroup & { scimUserId: string })[]) {
  const groups = new Map<string, MappedGroup[]>();
  for (const { scimUserId, ...group } of rows) {
    const list = groups.get(scimUserId) ?? [];
    list.push(group);
    groups.set(scimUserId, list);
  }

  return groups;
}

/** One UPDATE per resulting role and batch, not one per person. */
async function applyChanges(
  tx: Transaction,
  workspaceId: string,
  changes: RoleChange[],
) {
  const byRole = new Map<WorkspaceRole, string[]>();
  for (const change of changes) {
    const userIds = byRole.get(change.to) ?? [];
    userIds.push(change.userId);
    byRole.set(change.to, userIds);
  }
  for (const [role, userIds] of byRole) {
    for (let i = 0; i < userIds.length; i += BATCH) {
      const batch = userIds.slice(i, i + BATCH);
      await updateMembershipRoles(tx, workspaceId, batch, role);
    }
  }
}
