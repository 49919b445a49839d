import {
  and,
  asc,
  desc,
  eq,
  is,
  type Placeholder,
  type SQL,
  sql,
} from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";

import type { DbOrTx } from "../client";
import { scimUsers } from "../schema";
import {
  type ScimUserRow,
  storedColumns,
  USER_SORT_KEYS,
  type UserSortKey,
} from "./scim-users";

export interface ScimUsersPageOptions {
  where?: SQL;
  offset: number;
  limit: number;
  sortBy?: UserSortKey;
  isDescending?: boolean;
}

/**
 * One page of a workspace's users, with the number of matches from the
 * page's start to the end, in one statement (a query: await it, or EXPLAIN
 * it). Without a page (past the end) it still returns one row: the count
 * (0) and nulls.
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

  // One walk over the ordering index serves both the page and totalResults:
  // the offset skips index entries, the rest are counted, and the first
  // `limit` of them are the page's ids. A plain aggregate over an ordered
  // subquery takes its rows in that order; the OFFSET keeps the subquery
  // from being merged into the aggregate's query.
  const fromStart = db
    .select({ id: scimUsers.id })
    .from(scimUsers)
    .where(and(eq(scimUsers.workspaceId, workspaceId), options.where))
    .orderBy(direction(key), direction(scimUsers.id))
    .offset(options.offset)
    .as("from_start");
  const page = db.$with("page").as(
    db
      .select({
        rest: sql<number>`count(*)::int`.as("rest"),
        ids: sql<
          string[] | null
        >`(array_agg(${fromStart.id}))[1:${options.limit}]`.as("ids"),
      })
      .from(fromStart),
  );

  // The page's rows by primary key (`= any(…)`: never a scan of the
  // workspace's documents), in the page's order.
  return db
    .with(page)
    .select({ rest: page.rest, ...storedColumns })
    .from(page)
    .leftJoin(
      scimUsers,
      and(
        eq(scimUsers.workspaceId, workspaceId),
        sql`${scimUsers.id} = any(${page.ids})`,
      ),
    )
    .orderBy(direction(key), direction(scimUsers.id));
}

type PageRow = Awaited<ReturnType<typeof scimUsersPageQuery>>[number];

const preparedPages = new WeakMap<
  object,
  Map<
    string,
    { execute: (values: Record<string, unknown>) => Promise<PageRow[]> }
  >
>();

/**
 * An unfiltered page (what an IdP's import reads) with the query built once
 * per database and order instead of once per request; filtered pages and
 * pages read in a transaction build it as usual.
 */
function runPageQuery(
  db: DbOrTx,
  workspaceId: string,
  options: ScimUsersPageOptions,
): Promise<PageRow[]> {
  if (options.where !== undefined || is(db, PgTransaction)) {
    return scimUsersPageQuery(db, workspaceId, options);
  }
  const sortBy = options.sortBy ?? "meta.created";
  const order = `${sortBy.replace(".", "_")}_${options.isDescending ? "desc" : "asc"}`;
  let prepared = preparedPages.get(db);
  if (!prepared) {
    prepared = new Map();
    preparedPages.set(db, prepared);
  }
  let query = prepared.get(order);
  if (!query) {
    query = scimUsersPageQuery(db, sql.placeholder("workspaceId"), {
      sortBy,
      isDescending: options.isDescending,
      offset: sql.placeholder("offset"),
      limit: sql.placeholder("limit"),
    }).prepare(`scim_users_page_${order}`);
    prepared.set(order, query);
  }

  return query.execute({
    workspaceId,
    offset: options.offset,
    limit: options.limit,
  });
}

/**
 * A page of users and totalResults, which is unknown (undefined) when the
 * page starts past the last match: the statement then counted nothing.
 */
export async function findScimUsersPage(
  db: DbOrTx,
  workspaceId: string,
  options: ScimUsersPageOptions,
): Promise<{ rows: ScimUserRow[]; total: number | undefined }> {
  const result = await runPageQuery(db, workspaceId, options);
  const rest = result[0]?.rest ?? 0;
  // A page row is a stored user row plus `rest`; the one row of an empty
  // page holds no user.
  const rows = result.filter((row) => row.id !== null) as ScimUserRow[];

  return {
    rows,
    total: rest > 0 || options.offset === 0 ? options.offset + rest : undefined,
  };
}
