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
  groups: groupsOfUser,
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

/** The attributes IdPs look people up by; each is unique in a workspace. */
export type UserLookupKey = "userName" | "externalId";

function usersByKey(
  db: DbOrTx,
  key: UserLookupKey,
  workspaceId: string | Placeholder,
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
