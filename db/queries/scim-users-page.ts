import {
  and,
  asc,
  count,
  desc,
  eq,
  is,
  type Placeholder,
  type Query,
  type SQL,
  sql,
} from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";

import type { StoredScimUser } from "@/lib/scim/user-document";

import type { DbOrTx } from "../client";
import { isoTimestamp } from "../iso-timestamp";
import { scimGroupMembers, scimGroups, scimUsers } from "../schema";
import { USER_SORT_KEYS, type UserSortKey } from "./scim-users";

export interface ScimUsersPageOptions {
  where?: SQL;
  offset: number;
  limit: number;
  sortBy?: UserSortKey;
  isDescending?: boolean;
  /** Chosen by where the page lies in the last total unless given. */
  countFrom?: PageCount;
}

/**
 * How a page finds its ids and the number of matches from its start on.
 * `offset`: one walk over the ordered matches, counting those after the
 * offset and gathering their ids into an array, of which the page keeps the
 * first `limit`: cheap for a page near the end. `start`: the ids by
 * OFFSET/LIMIT and a count of every match, walking the matches before the
 * offset twice: cheap for a page near the start. Both answer the same.
 */
export type PageCount = "offset" | "start";

/**
 * One page of a workspace's users, with the number of matches from the
 * page's start to the end, in one statement (a query: await it, or EXPLAIN
 * it). Without a page (past the end) it still returns one row: the count
 * and nulls.
 */
export function scimUsersPageQuery(
  db: DbOrTx,
  workspaceId: string | Placeholder,
  options: Omit<ScimUsersPageOptions, "offset" | "limit"> & {
    offset: number | Placeholder;
    limit: number | Placeholder;
  },
) {
  // The id breaks ties so that every order is stable across pages (Okta
  // imports page by page). Without sortBy: creation order.
  const key = USER_SORT_KEYS[options.sortBy ?? "meta.created"];
  const direction = options.isDescending ? desc : asc;
  const matches = and(eq(scimUsers.workspaceId, workspaceId), options.where);

  // The ids come from an aggregate over an ordered subquery, which takes its
  // rows in that order (the OFFSET keeps the subquery from being merged
  // into the aggregate's query); the rows are sorted again below.
  const fromOffset = db
    .select({ id: scimUsers.id })
    .from(scimUsers)
    .where(matches)
    .orderBy(direction(key), direction(scimUsers.id))
    .offset(options.offset);
  let page;
  if (options.countFrom === "start") {
    const pageIds = fromOffset.limit(options.limit).as("page_ids");
    const everyMatch = db.select({ n: count() }).from(scimUsers).where(matches);
    page = db.$with("page").as(
      db
        .select({
          rest: sql<number>`${everyMatch}::int - ${options.offset}`.as("rest"),
          ids: sql<string[] | null>`array_agg(${pageIds.id})`.as("ids"),
        })
        .from(pageIds),
    );
  } else {
    const rest = fromOffset.as("from_offset");
    page = db.$with("page").as(
      db
        .select({
          rest: sql<number>`count(*)::int`.as("rest"),
          ids: sql<
            string[] | null
          >`(array_agg(${rest.id}))[1:${options.limit}]`.as("ids"),
        })
        .from(rest),
    );
  }

  // The groups of the page's users in one grouped read (a subquery per user
  // re-planned the join for each of them: with three groups each and 500 in
  // the workspace, the page cost 8.9 ms of PostgreSQL CPU instead of 3.3).
  // Same attribute order as a single user's (`groupsOfUser`).
  const pageGroups = db.$with("page_groups").as(
    db
      .select({
        scimUserId: scimGroupMembers.scimUserId,
        groups: sql<
          GroupRef[]
        >`json_agg(json_build_object('id', ${scimGroups.id}, 'displayName', ${scimGroups.displayName}) order by ${scimGroups.displayName}, ${scimGroups.id})`.as(
          "groups",
        ),
      })
      .from(page)
      .innerJoin(
        scimGroupMembers,
        and(
          eq(scimGroupMembers.workspaceId, workspaceId),
          sql`${scimGroupMembers.scimUserId} = any(${page.ids})`,
        ),
      )
      .innerJoin(
        scimGroups,
        and(
          eq(scimGroups.workspaceId, scimGroupMembers.workspaceId),
          eq(scimGroups.id, scimGroupMembers.groupId),
        ),
      )
      .groupBy(scimGroupMembers.scimUserId),
  );

  // The page's rows by primary key (`= any(…)`: never a scan of the
  // workspace's documents), in the page's order; `toPageRows` reads the
  // columns in this order.
  return db
    .with(page, pageGroups)
    .select({
      rest: page.rest,
      id: scimUsers.id,
      userName: scimUsers.userName,
      externalId: scimUsers.externalId,
      active: scimUsers.active,
      resource: scimUsers.resource,
      version: scimUsers.version,
      createdAt: scimUsers.createdAt,
      updatedAt: scimUsers.updatedAt,
      groups: sql<GroupRef[]>`coalesce(${pageGroups.groups}, '[]'::json)`,
    })
    .from(page)
    .leftJoin(
      scimUsers,
      and(
        eq(scimUsers.workspaceId, workspaceId),
        sql`${scimUsers.id} = any(${page.ids})`,
      ),
    )
    .leftJoin(pageGroups, eq(pageGroups.scimUserId, scimUsers.id))
    .orderBy(direction(key), direction(scimUsers.id));
}

type GroupRef = { id: string; displayName: string };

export interface ScimUsersPage {
  users: StoredScimUser[];
  /** Unknown when the page starts past the last match: nothing was counted. */
  total: number | undefined;
}

interface PageRows {
  users: StoredScimUser[];
  /** Matches from the page's start to the end. */
  rest: number;
}

/**
 * The page's users from the driver's rows (arrays, in the selection's
 * order), mapped here rather than by Drizzle field by field: for a hundred
 * users that mapping cost more app CPU than the rest of the request's
 * reading. Both drivers hand over timestamps as text (kept as ISO text)
 * and json parsed.
 */
function toPageRows(rows: unknown[][]): PageRows {
  const users: StoredScimUser[] = [];
  for (const row of rows) {
    // The one row of an empty page holds the count and no user.
    if (row[1] === null) continue;
    users.push({
      id: row[1] as string,
      userName: row[2] as string,
      externalId: row[3] as string | null,
      active: row[4] as boolean,
      resource: parsedJson(row[5]) as StoredScimUser["resource"],
      version: row[6] as number,
      createdAt: timeText(row[7]),
      updatedAt: timeText(row[8]),
      groups: parsedJson(row[9]) as StoredScimUser["groups"],
    });
  }

  return { users, rest: (rows[0]?.[0] as number | undefined) ?? 0 };
}

const parsedJson = (value: unknown) =>
  typeof value === "string" ? (JSON.parse(value) as unknown) : value;
const timeText = (value: unknown) =>
  value instanceof Date ? value : isoTimestamp(value as string);

function prepareOn(db: DbOrTx, query: Query, name?: string) {
  return db._.session.prepareQuery<{
    execute: PageRows;
    all: unknown;
    values: unknown;
  }>(query, undefined, name, false, toPageRows);
}

const preparedPages = new WeakMap<
  object,
  Map<string, ReturnType<typeof prepareOn>>
>();

// The last total of each workspace's unfiltered list, to choose how the next
// page counts. A hint only: either way the answer is exact, and a stale or
// missing hint costs a slower walk, nothing else.
const lastTotals = new Map<string, number>();

/**
 * A page of users and totalResults. An unfiltered page (what an IdP's import
 * reads) runs a statement built once per database, order and way of
 * counting: building it cost about as much app CPU as mapping its rows.
 * Filtered pages and pages read in a transaction build it each time.
 */
export async function findScimUsersPage(
  db: DbOrTx,
  workspaceId: string,
  options: ScimUsersPageOptions,
): Promise<ScimUsersPage> {
  const isUnfiltered = options.where === undefined;
  const lastTotal = isUnfiltered ? lastTotals.get(workspaceId) : undefined;
  // Gathering an id costs about what walking past one does: counting from
  // the offset is the cheaper way past the middle.
  const countFrom: PageCount =
    options.countFrom ??
    (options.offset > 0 && options.offset * 2 >= (lastTotal ?? 0)
      ? "offset"
      : "start");
  const { users, rest } = await pageQueryOf(
    db,
    workspaceId,
    options,
    countFrom,
  ).execute({
    workspaceId,
    offset: options.offset,
    limit: options.limit,
  });
  // Counting from the offset past the last match counts nothing.
  const total =
    rest > 0 || options.offset === 0 || countFrom === "start"
      ? options.offset + rest
      : undefined;

  if (isUnfiltered && total !== undefined) {
    if (lastTotals.size >= 10_000) lastTotals.clear();
    lastTotals.set(workspaceId, total);
  }

  return { users, total };
}

function pageQueryOf(
  db: DbOrTx,
  workspaceId: string,
  options: ScimUsersPageOptions,
  countFrom: PageCount,
) {
  if (options.where !== undefined || is(db, PgTransaction)) {
    return prepareOn(
      db,
      scimUsersPageQuery(db, workspaceId, { ...options, countFrom }).toSQL(),
    );
  }
  const sortBy = options.sortBy ?? "meta.created";
  const variant = `${countFrom}_${sortBy.replace(".", "_")}_${options.isDescending ? "desc" : "asc"}`;
  let prepared = preparedPages.get(db);
  if (!prepared) {
    prepared = new Map();
    preparedPages.set(db, prepared);
  }
  let query = prepared.get(variant);
  if (!query) {
    query = prepareOn(
      db,
      scimUsersPageQuery(db, sql.placeholder("workspaceId"), {
        sortBy,
        isDescending: options.isDescending,
        offset: sql.placeholder("offset"),
        limit: sql.placeholder("limit"),
        countFrom,
      }).toSQL(),
      `scim_users_page_${variant}`,
    );
    prepared.set(variant, query);
  }

  return query;
}
