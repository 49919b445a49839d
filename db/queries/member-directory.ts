import { and, asc, eq, type SQL, sql } from "drizzle-orm";

import type { DbOrTx } from "../client";
import { scimUsers, users, workspaceMembers } from "../schema";

export const MANAGED_FILTERS = ["all", "scim", "manual"] as const;
export type ManagedFilter = (typeof MANAGED_FILTERS)[number];

const BY_SOURCE: Record<ManagedFilter, SQL | undefined> = {
  all: undefined,
  scim: eq(workspaceMembers.source, "scim"),
  manual: eq(workspaceMembers.source, "manual"),
};

/**
 * The members of one workspace with what the IdP knows about each: the SCIM
 * user of the same workspace (when there is one) gives userName and externalId.
 */
export async function listMemberDirectory(
  db: DbOrTx,
  workspaceId: string,
  managed: ManagedFilter = "all",
) {
  return db
    .select({
      userId: users.id,
      name: users.name,
      email: users.email,
      role: workspaceMembers.role,
      source: workspaceMembers.source,
      joinedAt: workspaceMembers.joinedAt,
      scimManagedSince: workspaceMembers.scimManagedSince,
      scimUserName: scimUsers.userName,
      scimExternalId: scimUsers.externalId,
    })
    .from(workspaceMembers)
    .innerJoin(users, eq(users.id, workspaceMembers.userId))
    .leftJoin(
      scimUsers,
      and(
        eq(scimUsers.workspaceId, workspaceMembers.workspaceId),
        eq(scimUsers.userId, workspaceMembers.userId),
      ),
    )
    .where(
      and(eq(workspaceMembers.workspaceId, workspaceId), BY_SOURCE[managed]),
    )
    .orderBy(asc(users.name), asc(users.email));
}

/** How many members each filter shows, in one query. */
export async function countMembersBySource(db: DbOrTx, workspaceId: string) {
  const [row] = await db
    .select({
      all: sql<number>`count(*)::int`,
      scim: sql<number>`(count(*) filter (where ${workspaceMembers.source} = 'scim'))::int`,
    })
    .from(workspaceMembers)
    .where(eq(workspaceMembers.workspaceId, workspaceId));

  return { all: row.all, scim: row.scim, manual: row.all - row.scim };
}

/** People the IdP deactivated in this workspace, most recent first. */
export async function listDeactivatedScimUsers(
  db: DbOrTx,
  workspaceId: string,
) {
  return db
    .select({
      scimUserId: scimUsers.id,
      name: sql<string>`coalesce(${scimUsers.displayName}, ${users.name})`,
      email: sql<string>`coalesce(${scimUsers.primaryEmail}, ${users.email})`,
      userName: scimUsers.userName,
      externalId: scimUsers.externalId,
      deactivatedAt: scimUsers.deactivatedAt,
    })
    .from(scimUsers)
    .innerJoin(users, eq(users.id, scimUsers.userId))
    .where(
      and(eq(scimUsers.workspaceId, workspaceId), eq(scimUsers.active, false)),
    )
    .orderBy(
      sql`${scimUsers.deactivatedAt} desc nulls last`,
      asc(scimUsers.id),
    );
}
