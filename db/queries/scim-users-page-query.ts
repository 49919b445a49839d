import {
  and,
  asc,
  count,
  desc,
  eq,
  type Placeholder,
  type SQL,
  sql,
} from "drizzle-orm";

import type { DbOrTx } from "../client";
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
  // workspace's documents), in the page's order; `toPageRows`
  // (scim-users-page.ts) reads the columns in this order.
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
