import { and, asc, eq, inArray } from "drizzle-orm";

import type { DbOrTx } from "../client";
import { scimUsers, workspaceMembers, type WorkspaceRole } from "../schema";

// Keeps each statement far below PostgreSQL's 65,535 bind parameters.
const BATCH = 1000;

/**
 * Locks the listed SCIM users' rows, in id order so that two writers never
 * wait on each other in a cycle. Whoever recomputes a person's role, and a
 * reactivation or deletion of that person, take this row first, so the
 * later one reads what the earlier one committed (issue 6: a recomputation
 * racing a membership change ends consistent).
 */
export async function lockScimUsers(
  tx: DbOrTx,
  workspaceId: string,
  scimUserIds: string[],
) {
  const ids = [...new Set(scimUserIds)].sort();
  for (let i = 0; i < ids.length; i += BATCH) {
    await tx
      .select({ id: scimUsers.id })
      .from(scimUsers)
      .where(
        and(
          eq(scimUsers.workspaceId, workspaceId),
          inArray(scimUsers.id, ids.slice(i, i + BATCH)),
        ),
      )
      .orderBy(asc(scimUsers.id))
      .for("no key update");
  }
}

/**
 * The memberships a role mapping governs: active SCIM users whose
 * membership is SCIM-managed. Deactivated people have none; manual members
 * are changed by hand only.
 */
export async function listManagedMemberships(
  db: DbOrTx,
  workspaceId: string,
  scimUserIds: string[],
) {
  if (scimUserIds.length === 0) return [];

  return db
    .select({
      scimUserId: scimUsers.id,
      userId: scimUsers.userId,
      role: workspaceMembers.role,
    })
    .from(scimUsers)
    .innerJoin(
      workspaceMembers,
      and(
        eq(workspaceMembers.workspaceId, scimUsers.workspaceId),
        eq(workspaceMembers.userId, scimUsers.userId),
      ),
    )
    .where(
      and(
        eq(scimUsers.workspaceId, workspaceId),
        inArray(scimUsers.id, scimUserIds),
        eq(scimUsers.active, true),
        eq(workspaceMembers.source, "scim"),
      ),
    )
    .orderBy(asc(scimUsers.id));
}

/** Gives the listed people one role; callers keep lists to ~1000 ids. */
export async function updateMembershipRoles(
  db: DbOrTx,
  workspaceId: string,
  userIds: string[],
  role: WorkspaceRole,
) {
  if (userIds.length === 0) return;

  await db
    .update(workspaceMembers)
    .set({ role })
    .where(
      and(
        eq(workspaceMembers.workspaceId, workspaceId),
        inArray(workspaceMembers.userId, userIds),
      ),
    );
}

/**
 * Deactivated SCIM users among the listed ones, with the role they would get
 * back under the "restore previous role" policy.
 */
export async function listDeactivatedRoles(
  db: DbOrTx,
  workspaceId: string,
  scimUserIds: string[],
) {
  if (scimUserIds.length === 0) return [];

  return db
    .select({
      scimUserId: scimUsers.id,
      userId: scimUsers.userId,
      roleBeforeDeactivation: scimUsers.roleBeforeDeactivation,
    })
    .from(scimUsers)
    .where(
      and(
        eq(scimUsers.workspaceId, workspaceId),
        inArray(scimUsers.id, scimUserIds),
        eq(scimUsers.active, false),
      ),
    )
    .orderBy(asc(scimUsers.id));
}

/** Sets the role a deactivated person gets back on reactivation. */
export async function updateRoleBeforeDeactivation(
  db: DbOrTx,
  workspaceId: string,
  scimUserId: string,
  role: WorkspaceRole,
) {
  await db
    .update(scimUsers)
    .set({ roleBeforeDeactivation: role })
    .where(
      and(eq(scimUsers.workspaceId, workspaceId), eq(scimUsers.id, scimUserId)),
    );
}
