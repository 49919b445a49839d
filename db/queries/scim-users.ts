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
import { fragmentText, runStatement } from "../statement";
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

// Writes on the hot path are fixed SQL text run on the driver
// (db/statement.ts): building them with Drizzle cost more CPU than
// PostgreSQL spent running them.
const WRITTEN_COLUMNS = `id, user_id, user_name, external_id, active,
  resource, role_before_deactivation, version, created_at, updated_at`;
// The groups subquery names the outer row "scim_users".
const GROUPS_OF_USER = fragmentText(groupsOfUser);

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
  const [row] = await runStatement<GroupedRow>(db, LOCK_SCIM_USER, [
    workspaceId,
    id,
  ]);

  return row && toStoredRow(row, row.groups);
}

const LOCK_SCIM_USER = `
  select ${WRITTEN_COLUMNS}, ${GROUPS_OF_USER} as groups
  from scim_users
  where workspace_id = $1 and id = $2
  for update`;

/** A new SCIM user, who belongs to no group yet. */
export async function insertScimUser(
  db: DbOrTx,
  values: UserColumns & {
    id: string;
    workspaceId: string;
    userId: string;
    deactivatedAt: Date | null;
    /** The role a member created inactive held, for their reactivation. */
    roleBeforeDeactivation?: WorkspaceRole | null;
  },
): Promise<ScimUserRow> {
  const [row] = await runStatement<WrittenRow>(db, INSERT_SCIM_USER, [
    values.workspaceId,
    values.id,
    values.userId,
    ...userColumnParams(values),
    values.deactivatedAt?.toISOString() ?? null,
    values.roleBeforeDeactivation ?? null,
  ]);

  return toStoredRow(row, []);
}

const INSERT_SCIM_USER = `
  insert into scim_users (workspace_id, id, user_id, user_name, external_id,
    active, display_name, primary_email, resource, deactivated_at,
    role_before_deactivation)
  values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
  returning ${WRITTEN_COLUMNS}`;

/**
 * The person's own columns as the insert and the update take them, in
 * their order: userName, externalId, active, displayName, primaryEmail,
 * resource.
 */
function userColumnParams(values: UserColumns) {
  return [
    values.userName,
    values.externalId,
    values.active,
    values.displayName,
    values.primaryEmail,
    JSON.stringify(values.resource),
  ];
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
  // A lifecycle field left undefined keeps its stored value.
  const setsRole = values.roleBeforeDeactivation !== undefined;
  const setsDeactivatedAt = values.deactivatedAt !== undefined;
  const [row] = await runStatement<GroupedRow>(db, UPDATE_SCIM_USER, [
    workspaceId,
    id,
    ...userColumnParams(values),
    setsRole,
    values.roleBeforeDeactivation ?? null,
    setsDeactivatedAt,
    values.deactivatedAt?.toISOString() ?? null,
    new Date().toISOString(),
  ]);

  return toStoredRow(row, row.groups);
}

const UPDATE_SCIM_USER = `
  update scim_users set
    user_name = $3, external_id = $4, active = $5, display_name = $6,
    primary_email = $7, resource = $8,
    role_before_deactivation =
      case when $9::boolean then $10 else role_before_deactivation end,
    deactivated_at =
      case when $11::boolean then $12::timestamptz else deactivated_at end,
    version = version + 1, updated_at = $13
  where workspace_id = $1 and id = $2
  returning ${WRITTEN_COLUMNS}, ${GROUPS_OF_USER} as groups`;

export async function deleteScimUser(
  db: DbOrTx,
  workspaceId: string,
  id: string,
) {
  await db
    .delete(scimUsers)
    .where(and(eq(scimUsers.workspaceId, workspaceId), eq(scimUsers.id, id)));
}
