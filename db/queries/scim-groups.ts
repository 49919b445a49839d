import { and, asc, count, desc, eq, inArray, type SQL, sql } from "drizzle-orm";

import type { GroupMember } from "@/lib/scim/group-document";

import type { DbOrTx } from "../client";
import { scimGroupMembers, scimGroups, scimUsers } from "../schema";

const storedColumns = {
  id: scimGroups.id,
  displayName: scimGroups.displayName,
  externalId: scimGroups.externalId,
  version: scimGroups.version,
  createdAt: scimGroups.createdAt,
  updatedAt: scimGroups.updatedAt,
};

type GroupColumns = { displayName: string; externalId: string | null };

// A PUT may carry ~20k members in 1 MiB; batches keep each statement far
// below PostgreSQL's 65,535 bind parameters.
const BATCH = 1000;

function batchesOf<T>(items: T[]): T[][] {
  const batches: T[][] = [];
  for (let i = 0; i < items.length; i += BATCH)
    batches.push(items.slice(i, i + BATCH));

  return batches;
}

const isGroup = (workspaceId: string, id: string) =>
  and(eq(scimGroups.workspaceId, workspaceId), eq(scimGroups.id, id));
const isMemberOf = (workspaceId: string, groupId: string) =>
  and(
    eq(scimGroupMembers.workspaceId, workspaceId),
    eq(scimGroupMembers.groupId, groupId),
  );

export async function findScimGroup(
  db: DbOrTx,
  workspaceId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
) {
  const query = db
    .select(storedColumns)
    .from(scimGroups)
    .where(isGroup(workspaceId, id));
  const [row] = options.forUpdate ? await query.for("update") : await query;

  return row;
}

export const GROUP_SORT_KEYS = {
  displayname: sql`lower(${scimGroups.displayName})`,
  "meta.created": scimGroups.createdAt,
  "meta.lastmodified": scimGroups.updatedAt,
} as const;
export type GroupSortKey = keyof typeof GROUP_SORT_KEYS;

export async function listScimGroups(
  db: DbOrTx,
  workspaceId: string,
  options: {
    where?: SQL;
    offset: number;
    limit: number;
    sortBy?: GroupSortKey;
    isDescending?: boolean;
  },
) {
  // The id breaks ties so every order is stable across pages; without sortBy,
  // creation order (scim_groups_order_idx).
  const direction = options.isDescending ? desc : asc;

  return db
    .select(storedColumns)
    .from(scimGroups)
    .where(and(eq(scimGroups.workspaceId, workspaceId), options.where))
    .orderBy(
      direction(GROUP_SORT_KEYS[options.sortBy ?? "meta.created"]),
      direction(scimGroups.id),
    )
    .offset(options.offset)
    .limit(options.limit);
}

export async function countScimGroups(
  db: DbOrTx,
  workspaceId: string,
  where?: SQL,
) {
  const [row] = await db
    .select({ n: count() })
    .from(scimGroups)
    .where(and(eq(scimGroups.workspaceId, workspaceId), where));

  return row.n;
}

export async function insertScimGroup(
  db: DbOrTx,
  values: GroupColumns & { workspaceId: string },
) {
  const [row] = await db
    .insert(scimGroups)
    .values(values)
    .returning(storedColumns);

  return row;
}

export async function updateScimGroup(
  db: DbOrTx,
  workspaceId: string,
  id: string,
  values: GroupColumns,
) {
  const [row] = await db
    .update(scimGroups)
    .set({
      ...values,
      version: sql`${scimGroups.version} + 1`,
      updatedAt: new Date(),
    })
    .where(isGroup(workspaceId, id))
    .returning(storedColumns);

  return row;
}

/** Membership rows go with the group (composite foreign key, on delete cascade). */
export async function deleteScimGroup(
  db: DbOrTx,
  workspaceId: string,
  id: string,
) {
  await db.delete(scimGroups).where(isGroup(workspaceId, id));
}

/** The member ids alone: what a write needs, without joining users. */
export async function listGroupMemberIds(
  db: DbOrTx,
  workspaceId: string,
  groupId: string,
) {
  const rows = await db
    .select({ id: scimGroupMembers.scimUserId })
    .from(scimGroupMembers)
    .where(isMemberOf(workspaceId, groupId))
    .orderBy(asc(scimGroupMembers.createdAt), asc(scimGroupMembers.scimUserId));

  return rows.map((row) => row.id);
}

/** The members of each listed group with the name they are shown by. */
/** How many members each of the groups has (groups without any are absent). */
export async function countMembersOfGroups(
  db: DbOrTx,
  workspaceId: string,
  groupIds: string[],
): Promise<Map<string, number>> {
  if (groupIds.length === 0) return new Map();
  const rows = await db
    .select({ groupId: scimGroupMembers.groupId, n: count() })
    .from(scimGroupMembers)
    .where(
      and(
        eq(scimGroupMembers.workspaceId, workspaceId),
        inArray(scimGroupMembers.groupId, groupIds),
      ),
    )
    .groupBy(scimGroupMembers.groupId);

  return new Map(rows.map((row) => [row.groupId, row.n]));
}

export async function listMembersOfGroups(
  db: DbOrTx,
  workspaceId: string,
  groupIds: string[],
) {
  const members = new Map<string, GroupMember[]>();
  if (groupIds.length === 0) return members;

  const rows = await db
    .select({
      groupId: scimGroupMembers.groupId,
      id: scimUsers.id,
      display: sql<string>`coalesce(${scimUsers.displayName}, ${scimUsers.userName})`,
    })
    .from(scimGroupMembers)
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
        inArray(scimGroupMembers.groupId, groupIds),
      ),
    )
    .orderBy(asc(scimGroupMembers.createdAt), asc(scimGroupMembers.scimUserId));
  for (const row of rows) {
    const list = members.get(row.groupId);
    const member = { id: row.id, display: row.display };
    // Appended in place: copying the list per member was quadratic in a
    // group's size.
    if (list) list.push(member);
    else members.set(row.groupId, [member]);
  }

  return members;
}

/**
 * The ids that name no SCIM user of this workspace. The users found are held
 * with FOR KEY SHARE until the transaction ends, so a concurrent DELETE /Users
 * cannot remove one between this check and the membership insert.
 */
export async function findMissingScimUsers(
  db: DbOrTx,
  workspaceId: string,
  ids: string[],
) {
  const present = new Set<string>();
  for (const batch of batchesOf(ids)) {
    const found = await db
      .select({ id: scimUsers.id })
      .from(scimUsers)
      .where(
        and(
          eq(scimUsers.workspaceId, workspaceId),
          inArray(scimUsers.id, batch),
        ),
      )
      .for("key share");
    for (const row of found) present.add(row.id);
  }

  return ids.filter((id) => !present.has(id));
}

/** Writers hold the group row lock; DO NOTHING keeps a replayed add harmless anyway. */
export async function insertGroupMembers(
  db: DbOrTx,
  workspaceId: string,
  groupId: string,
  scimUserIds: string[],
) {
  for (const batch of batchesOf(scimUserIds)) {
    await db
      .insert(scimGroupMembers)
      .values(batch.map((scimUserId) => ({ workspaceId, groupId, scimUserId })))
      .onConflictDoNothing();
  }
}

export async function deleteGroupMembers(
  db: DbOrTx,
  workspaceId: string,
  groupId: string,
  scimUserIds: string[],
) {
  for (const batch of batchesOf(scimUserIds)) {
    await db
      .delete(scimGroupMembers)
      .where(
        and(
          isMemberOf(workspaceId, groupId),
          inArray(scimGroupMembers.scimUserId, batch),
        ),
      );
  }
}
