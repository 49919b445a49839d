import {
  and,
  count,
  eq,
  is,
  type Placeholder,
  type SQL,
  sql,
} from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";

import type { UserColumns } from "@/lib/scim/user-document";

import type { DbOrTx } from "../client";
import {
  scimGroupMembers,
  scimGroups,
  scimUserCounts,
  scimUsers,
  type WorkspaceRole,
} from "../schema";

// The user's groups, for the read-only `groups` attribute, in the same round
// trip as the user (one query per lookup matters on the hot path). Drizzle
// leaves single-table columns unqualified, so the outer row is named in full.
const groupsOfUser = sql<{ id: string; displayName: string }[]>`coalesce((
  select json_agg(json_build_object('id', g.id, 'displayName', g.display_name) order by g.display_name, g.id)
  from ${scimGroupMembers} m
  join ${scimGroups} g on g.workspace_id = m.workspace_id and g.id = m.group_id
  where m.workspace_id = "scim_users"."workspace_id" and m.scim_user_id = "scim_users"."id"
), '[]'::json)`;

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
  // Named, so that the columns can also be read from a subquery.
  groups: groupsOfUser.as("groups"),
};

export type ScimUserRow = Awaited<ReturnType<typeof findScimUser>> & {};

export async function findScimUser(
  db: DbOrTx,
  workspaceId: string,
  id: string,
) {
  const [row] = await db
    .select(storedColumns)
    .from(scimUsers)
    .where(and(eq(scimUsers.workspaceId, workspaceId), eq(scimUsers.id, id)));

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

/** The attributes IdPs look people up by; each is unique in a workspace. */
export type UserLookupKey = "userName" | "externalId";

/** The people whose `key` equals `value` (at most one), a query to await or nest. */
export function usersByKey(
  db: DbOrTx,
  key: UserLookupKey,
  workspaceId: string | Placeholder | SQL,
  value: string | Placeholder,
) {
  // The same comparisons the filter compiler writes for `eq` (userName is
  // case-insensitive, externalId case-exact), so the same indexes answer.
  const match =
    key === "userName"
      ? sql`lower(${scimUsers.userName}) = lower(${value})`
      : eq(scimUsers.externalId, value);

  return db
    .select(storedColumns)
    .from(scimUsers)
    .where(and(eq(scimUsers.workspaceId, workspaceId), match));
}

const preparedLookups = new WeakMap<
  object,
  Record<
    UserLookupKey,
    { execute: (values: Record<string, string>) => Promise<ScimUserRow[]> }
  >
>();

/**
 * `filter=userName eq "…"` and `externalId eq "…"`, the lookups every IdP
 * makes before each create or update, with the query built once per
 * database instead of once per request (building it cost more CPU than
 * PostgreSQL spent answering it). In a transaction the query is built as
 * usual.
 */
export async function findScimUsersByKey(
  db: DbOrTx,
  workspaceId: string,
  key: UserLookupKey,
  value: string,
): Promise<ScimUserRow[]> {
  if (is(db, PgTransaction)) {
    return usersByKey(db, key, workspaceId, value);
  }
  let prepared = preparedLookups.get(db);
  if (!prepared) {
    const prepare = (lookup: UserLookupKey) =>
      usersByKey(
        db,
        lookup,
        sql.placeholder("workspaceId"),
        sql.placeholder("value"),
      ).prepare(`scim_users_by_${lookup}`);
    prepared = {
      userName: prepare("userName"),
      externalId: prepare("externalId"),
    };
    preparedLookups.set(db, prepared);
  }

  return prepared[key].execute({ workspaceId, value });
}

/** Without a filter, the workspace's stored count (decision 0016). */
export async function countScimUsers(
  db: DbOrTx,
  workspaceId: string,
  where?: SQL,
) {
  if (where === undefined) {
    const [row] = await db
      .select({ n: sql<number>`coalesce(sum(${scimUserCounts.n}), 0)::int` })
      .from(scimUserCounts)
      .where(eq(scimUserCounts.workspaceId, workspaceId));

    return row.n;
  }
  const [row] = await db
    .select({ n: count() })
    .from(scimUsers)
    .where(and(eq(scimUsers.workspaceId, workspaceId), where));

  return row.n;
}

// Writes on the hot path are written in SQL: building them with Drizzle's
// query builder cost more CPU than PostgreSQL spent running them.
const writtenColumns = sql.raw(`id, user_id, user_name, external_id, active,
  resource, role_before_deactivation, version, created_at, updated_at`);

interface WrittenRow {
  id: string;
  user_id: string;
  user_name: string;
  external_id: string | null;
  active: boolean;
  resource: Record<string, unknown>;
  role_before_deactivation: WorkspaceRole | null;
  version: number;
  created_at: string | Date;
  updated_at: string | Date;
}

type GroupedRow = WrittenRow & {
  groups: { id: string; displayName: string }[];
};

function toStoredRow(
  row: WrittenRow,
  groups: { id: string; displayName: string }[],
): ScimUserRow {
  return {
    id: row.id,
    userId: row.user_id,
    userName: row.user_name,
    externalId: row.external_id,
    active: row.active,
    resource: row.resource,
    roleBeforeDeactivation: row.role_before_deactivation,
    version: row.version,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    groups,
  };
}

/**
 * The SCIM user a write is about to change, locked until the transaction
 * ends, so that concurrent writes to one person apply one after another.
 */
export async function lockScimUser(
  db: DbOrTx,
  workspaceId: string,
  id: string,
): Promise<ScimUserRow | undefined> {
  const [row] = (await db.execute(sql`
    select ${writtenColumns}, ${groupsOfUser} as groups
    from scim_users
    where workspace_id = ${workspaceId} and id = ${id}
    for update`)) as unknown as GroupedRow[];

  return row && toStoredRow(row, row.groups);
}

/** A new SCIM user, who belongs to no group yet. */
export async function insertScimUser(
  db: DbOrTx,
  values: UserColumns & {
    id: string;
    workspaceId: string;
    userId: string;
    deactivatedAt: Date | null;
  },
): Promise<ScimUserRow> {
  const [row] = (await db.execute(sql`
    insert into scim_users (workspace_id, id, user_id, user_name, external_id,
      active, display_name, primary_email, resource, deactivated_at)
    values (${values.workspaceId}, ${values.id}, ${values.userId},
      ${values.userName}, ${values.externalId}, ${values.active},
      ${values.displayName}, ${values.primaryEmail},
      ${JSON.stringify(values.resource)},
      ${values.deactivatedAt?.toISOString() ?? null})
    returning ${writtenColumns}`)) as unknown as WrittenRow[];

  return toStoredRow(row, []);
}

/** Replaces the stored attributes; undefined lifecycle fields stay as they are. */
export async function updateScimUser(
  db: DbOrTx,
  workspaceId: string,
  id: string,
  values: UserColumns & {
    roleBeforeDeactivation?: WorkspaceRole | null;
    deactivatedAt?: Date | null;
  },
): Promise<ScimUserRow> {
  const lifecycle: SQL[] = [];
  if (values.roleBeforeDeactivation !== undefined) {
    lifecycle.push(
      sql`role_before_deactivation = ${values.roleBeforeDeactivation},`,
    );
  }
  if (values.deactivatedAt !== undefined) {
    lifecycle.push(
      sql`deactivated_at = ${values.deactivatedAt?.toISOString() ?? null},`,
    );
  }
  const [row] = (await db.execute(sql`
    update scim_users set
      user_name = ${values.userName}, external_id = ${values.externalId},
      active = ${values.active}, display_name = ${values.displayName},
      primary_email = ${values.primaryEmail},
      resource = ${JSON.stringify(values.resource)}, ${sql.join(lifecycle)}
      version = version + 1, updated_at = ${new Date().toISOString()}
    where workspace_id = ${workspaceId} and id = ${id}
    returning ${writtenColumns}, ${groupsOfUser} as groups`)) as unknown as (WrittenRow & {
    groups: { id: string; displayName: string }[];
  })[];

  return toStoredRow(row, row.groups);
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
