import { and, asc, count, desc, eq, inArray, type SQL, sql } from "drizzle-orm";

import type { UserColumns } from "@/lib/scim/user-document";

import type { DbOrTx } from "../client";
import {
  scimGroupMembers,
  scimGroups,
  scimUsers,
  type WorkspaceRole,
} from "../schema";

const storedColumns = {
  id: scimUsers.id,
  userId: scimUsers.userId,
  userName: scimUsers.userName,
  externalId: scimUsers.externalId,
  active: scimUsers.active,
  resource: scimUsers.resource,
  roleBeforeDeactivation: scimUsers.roleBeforeDeactivation,
  version: scimUsers.version,
  createdAt: scimUsers.createdAt,
  updatedAt: scimUsers.updatedAt,
};

export type ScimUserRow = Awaited<ReturnType<typeof findScimUser>> & {};

export async function findScimUser(
  db: DbOrTx,
  workspaceId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
) {
  const query = db
    .select(storedColumns)
    .from(scimUsers)
    .where(and(eq(scimUsers.workspaceId, workspaceId), eq(scimUsers.id, id)));
  const [row] = options.forUpdate ? await query.for("update") : await query;

  return row;
}

export async function findScimUserOfAccount(
  db: DbOrTx,
  workspaceId: string,
  userId: string,
) {
  const [row] = await db
    .select({ id: scimUsers.id, userName: scimUsers.userName })
    .from(scimUsers)
    .where(
      and(eq(scimUsers.workspaceId, workspaceId), eq(scimUsers.userId, userId)),
    );

  return row;
}

export const USER_SORT_KEYS = {
  username: sql`lower(${scimUsers.userName})`,
  displayname: sql`lower(${scimUsers.displayName})`,
  "meta.created": scimUsers.createdAt,
  "meta.lastmodified": scimUsers.updatedAt,
} as const;
export type UserSortKey = keyof typeof USER_SORT_KEYS;

export async function listScimUsers(
  db: DbOrTx,
  workspaceId: string,
  options: {
    where?: SQL;
    offset: number;
    limit: number;
    sortBy?: UserSortKey;
    isDescending?: boolean;
  },
) {
  // The id breaks ties so that every order is stable across pages (Okta
  // imports page by page). Without sortBy: creation order.
  const key = USER_SORT_KEYS[options.sortBy ?? "meta.created"];
  const direction = options.isDescending ? desc : asc;

  return db
    .select(storedColumns)
    .from(scimUsers)
    .where(and(eq(scimUsers.workspaceId, workspaceId), options.where))
    .orderBy(direction(key), direction(scimUsers.id))
    .offset(options.offset)
    .limit(options.limit);
}

export async function countScimUsers(
  db: DbOrTx,
  workspaceId: string,
  where?: SQL,
) {
  const [row] = await db
    .select({ n: count() })
    .from(scimUsers)
    .where(and(eq(scimUsers.workspaceId, workspaceId), where));

  return row.n;
}

export async function insertScimUser(
  db: DbOrTx,
  values: UserColumns & {
    workspaceId: string;
    userId: string;
    deactivatedAt?: Date | null;
  },
) {
  const [row] = await db
    .insert(scimUsers)
    .values(values)
    .returning(storedColumns);

  return row;
}

export async function updateScimUser(
  db: DbOrTx,
  workspaceId: string,
  id: string,
  values: UserColumns & {
    roleBeforeDeactivation?: WorkspaceRole | null;
    deactivatedAt?: Date | null;
  },
) {
  const [row] = await db
    .update(scimUsers)
    .set({
      ...values,
      version: sql`${scimUsers.version} + 1`,
      updatedAt: new Date(),
    })
    .where(and(eq(scimUsers.workspaceId, workspaceId), eq(scimUsers.id, id)))
    .returning(storedColumns);

  return row;
}

export async function deleteScimUser(
  db: DbOrTx,
  workspaceId: string,
  id: string,
) {
  await db
    .delete(scimUsers)
    .where(and(eq(scimUsers.workspaceId, workspaceId), eq(scimUsers.id, id)));
}

/** The groups of each listed user, for the read-only `groups` attribute. */
export async function listGroupsOfScimUsers(
  db: DbOrTx,
  workspaceId: string,
  scimUserIds: string[],
) {
  const groups = new Map<string, { id: string; displayName: string }[]>();
  if (scimUserIds.length === 0) return groups;

  const rows = await db
    .select({
      userId: scimGroupMembers.scimUserId,
      id: scimGroups.id,
      displayName: scimGroups.displayName,
    })
    .from(scimGroupMembers)
    .innerJoin(
      scimGroups,
      and(
        eq(scimGroups.workspaceId, scimGroupMembers.workspaceId),
        eq(scimGroups.id, scimGroupMembers.groupId),
      ),
    )
    .where(
      and(
        eq(scimGroupMembers.workspaceId, workspaceId),
        inArray(scimGroupMembers.scimUserId, scimUserIds),
      ),
    )
    .orderBy(asc(scimGroups.displayName));
  for (const row of rows) {
    groups.set(row.userId, [
      ...(groups.get(row.userId) ?? []),
      { id: row.id, displayName: row.displayName },
    ]);
  }

  return groups;
}
