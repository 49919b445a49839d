import { and, asc, eq, inArray, sql } from "drizzle-orm";

import type { DbOrTx } from "../client";
import {
  groupRoleMappings,
  scimGroupMembers,
  scimGroups,
  scimUsers,
  type WorkspaceRole,
} from "../schema";

type MappableRole = Exclude<WorkspaceRole, "owner">;

const isMapping = (workspaceId: string, groupId: string) =>
  and(
    eq(groupRoleMappings.workspaceId, workspaceId),
    eq(groupRoleMappings.groupId, groupId),
  );

export async function findRoleMapping(
  db: DbOrTx,
  workspaceId: string,
  groupId: string,
) {
  const [row] = await db
    .select({
      groupId: groupRoleMappings.groupId,
      role: groupRoleMappings.role,
    })
    .from(groupRoleMappings)
    .where(isMapping(workspaceId, groupId));

  return row;
}

export async function insertRoleMapping(
  db: DbOrTx,
  values: {
    workspaceId: string;
    groupId: string;
    role: MappableRole;
    createdBy: string | null;
  },
) {
  await db.insert(groupRoleMappings).values(values);
}

export async function updateRoleMapping(
  db: DbOrTx,
  workspaceId: string,
  groupId: string,
  role: MappableRole,
) {
  await db
    .update(groupRoleMappings)
    .set({ role, updatedAt: new Date() })
    .where(isMapping(workspaceId, groupId));
}

export async function deleteRoleMapping(
  db: DbOrTx,
  workspaceId: string,
  groupId: string,
) {
  await db.delete(groupRoleMappings).where(isMapping(workspaceId, groupId));
}

const memberCount = sql<number>`(
  select count(*)::int from ${scimGroupMembers} m
  where m.workspace_id = ${scimGroups.workspaceId} and m.group_id = ${scimGroups.id}
)`;

/** The mappings for the settings page, with the group's name and size. */
export async function listRoleMappings(db: DbOrTx, workspaceId: string) {
  return db
    .select({
      groupId: groupRoleMappings.groupId,
      role: groupRoleMappings.role,
      displayName: scimGroups.displayName,
      memberCount,
    })
    .from(groupRoleMappings)
    .innerJoin(
      scimGroups,
      and(
        eq(scimGroups.workspaceId, groupRoleMappings.workspaceId),
        eq(scimGroups.id, groupRoleMappings.groupId),
      ),
    )
    .where(eq(groupRoleMappings.workspaceId, workspaceId))
    .orderBy(asc(sql`lower(${scimGroups.displayName})`), asc(scimGroups.id));
}

// The settings page offers every pushed group; a workspace with more than
// this many groups is unusual (Okta pushes chosen groups only).
const GROUP_CHOICES_LIMIT = 500;

/** Pushed groups that no mapping uses yet, with their member counts. */
export async function listUnmappedGroups(db: DbOrTx, workspaceId: string) {
  return db
    .select({
      groupId: scimGroups.id,
      displayName: scimGroups.displayName,
      memberCount,
    })
    .from(scimGroups)
    .leftJoin(
      groupRoleMappings,
      and(
        eq(groupRoleMappings.workspaceId, scimGroups.workspaceId),
        eq(groupRoleMappings.groupId, scimGroups.id),
      ),
    )
    .where(
      and(
        eq(scimGroups.workspaceId, workspaceId),
        sql`${groupRoleMappings.groupId} is null`,
      ),
    )
    .orderBy(asc(sql`lower(${scimGroups.displayName})`), asc(scimGroups.id))
    .limit(GROUP_CHOICES_LIMIT);
}

/**
 * Every mapped group a SCIM user of the workspace is in, with the role it
 * gives: for the listed SCIM users, or for all of them (the Members tab,
 * which keys them by account).
 */
export async function listMappedGroups(
  db: DbOrTx,
  workspaceId: string,
  scimUserIds?: string[],
) {
  if (scimUserIds?.length === 0) return [];

  return db
    .select({
      scimUserId: scimGroupMembers.scimUserId,
      userId: scimUsers.userId,
      groupId: scimGroups.id,
      displayName: scimGroups.displayName,
      role: groupRoleMappings.role,
    })
    .from(scimGroupMembers)
    .innerJoin(
      groupRoleMappings,
      and(
        eq(groupRoleMappings.workspaceId, scimGroupMembers.workspaceId),
        eq(groupRoleMappings.groupId, scimGroupMembers.groupId),
      ),
    )
    .innerJoin(
      scimGroups,
      and(
        eq(scimGroups.workspaceId, scimGroupMembers.workspaceId),
        eq(scimGroups.id, scimGroupMembers.groupId),
      ),
    )
    .innerJoin(
      scimUsers,
      and(
        eq(scimUsers.workspaceId, scimGroupMembers.workspaceId),
        eq(scimUsers.id, scimGroupMembers.scimUserId),
      ),
    )
    .where(
      and(
        eq(scimGroupMembers.workspaceId, workspaceId),
        scimUserIds
          ? inArray(scimGroupMembers.scimUserId, scimUserIds)
          : undefined,
      ),
    );
}
