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
import { scimUserCounts, scimUsers } from "../schema";
import { USER_SORT_KEYS, type UserSortKey } from "./scim-users";

/**
 * How a page finds its ids and the number of matches from its start on; all
 * answer the same.
 * `stored`: the workspace's stored count (scim_user_counts, decision 0016)
 * and, for a page in the later half, a walk backwards from the last user:
 * no page walks past more than half the workspace. Without a filter only.
 * `offset`: one walk over the ordered matches, counting those after the
 * offset and gathering their ids into an array, of which the page keeps the
 * first `limit`: cheap for a page near the end. `start`: the ids by
 * OFFSET/LIMIT and a count of every match, walking the matches before the
 * offset twice: cheap for a page near the start.
 */
export type PageCount = "stored" | "offset" | "start";

export interface PageIdsOptions {
  workspaceId: string | Placeholder;
  where?: SQL;
  sortBy: UserSortKey;
  isDescending: boolean;
  offset: number | Placeholder;
  limit: number | Placeholder;
  countFrom: PageCount;
}

/**
 * A one-row query: `rest`, the number of matches from the page's start on
 * (negative past the end when counted from the stored count), and `ids`,
 * the page's ids in no particular order (null when none).
 */
export function pageIdsQuery(db: DbOrTx, options: PageIdsOptions) {
  if (options.countFrom === "stored") {
    if (options.where !== undefined) {
      throw new Error("the stored count counts every user, not a filter's");
    }

    return idsByStoredCount(db, options);
  }

  return options.countFrom === "start"
    ? idsCountingFromStart(db, options)
    : idsCountingFromOffset(db, options);
}

// The id breaks ties so that every order is stable across pages (Okta
// imports page by page).
function orderOf(options: PageIdsOptions, isReversed = false) {
  const direction = options.isDescending !== isReversed ? desc : asc;

  return [direction(USER_SORT_KEYS[options.sortBy]), direction(scimUsers.id)];
}

function idsByStoredCount(db: DbOrTx, options: PageIdsOptions) {
  const { workspaceId, offset, limit } = options;
  const counted = db
    .select({
      // Named apart from every scim_users column: the walks below refer to
      // it unqualified from inside their own FROM scim_users.
      total: sql<number>`coalesce(sum(${scimUserCounts.n}), 0)::int`.as(
        "stored_total",
      ),
    })
    .from(scimUserCounts)
    .where(eq(scimUserCounts.workspaceId, workspaceId))
    .as("counted");
  const total = counted.total;
  const ofWorkspace = eq(scimUsers.workspaceId, workspaceId);

  // Only one walk runs: each is gated by a condition on the count alone,
  // which PostgreSQL tests once before reading any row. Reversing an order
  // reverses its NULLS placement too (ascending puts nulls last,
  // descending first), so the backward walk meets exactly the same rows.
  const forward = sql`select ${scimUsers.id} from ${scimUsers}
    where ${ofWorkspace} and ${offset} < ${total} - ${offset}
    order by ${sql.join(orderOf(options), sql`, `)}
    offset ${offset} limit ${limit}`;
  const backward = sql`select ${scimUsers.id} from ${scimUsers}
    where ${ofWorkspace} and ${offset} >= ${total} - ${offset}
    order by ${sql.join(orderOf(options, true), sql`, `)}
    offset greatest(${total} - ${offset} - ${limit}, 0)
    limit greatest(least(${limit}, ${total} - ${offset}), 0)`;

  return db
    .select({
      rest: sql<number>`${total} - ${offset}`.as("rest"),
      ids: sql<string[] | null>`array((${forward}) union all (${backward}))`.as(
        "ids",
      ),
    })
    .from(counted);
}

// The ids come from an aggregate over an ordered subquery, which takes its
// rows in that order (the OFFSET keeps the subquery from being merged into
// the aggregate's query).
function fromOffset(db: DbOrTx, options: PageIdsOptions) {
  return db
    .select({ id: scimUsers.id })
    .from(scimUsers)
    .where(and(eq(scimUsers.workspaceId, options.workspaceId), options.where))
    .orderBy(...orderOf(options))
    .offset(options.offset);
}

function idsCountingFromStart(db: DbOrTx, options: PageIdsOptions) {
  const pageIds = fromOffset(db, options).limit(options.limit).as("page_ids");
  const everyMatch = db
    .select({ n: count() })
    .from(scimUsers)
    .where(and(eq(scimUsers.workspaceId, options.workspaceId), options.where));

  return db
    .select({
      rest: sql<number>`${everyMatch}::int - ${options.offset}`.as("rest"),
      ids: sql<string[] | null>`array_agg(${pageIds.id})`.as("ids"),
    })
    .from(pageIds);
}

function idsCountingFromOffset(db: DbOrTx, options: PageIdsOptions) {
  const rest = fromOffset(db, options).as("from_offset");

  return db
    .select({
      rest: sql<number>`count(*)::int`.as("rest"),
      ids: sql<string[] | null>`(array_agg(${rest.id}))[1:${options.limit}]`.as(
        "ids",
      ),
    })
    .from(rest);
}
