import { is, type Query, sql } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";

import type { StoredScimUser } from "@/lib/scim/user-document";

import type { DbOrTx } from "../client";
import { isoTimestamp } from "../iso-timestamp";
import {
  type PageCount,
  type ScimUsersPageOptions,
  scimUsersPageQuery,
} from "./scim-users-page-query";

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

/**
 * A page of users and totalResults. An unfiltered page (what an IdP's import
 * reads) counts with the workspace's stored count and runs a statement
 * built once per database, order and way of counting: building it cost
 * about as much app CPU as mapping its rows. Filtered pages and pages read
 * in a transaction build it each time.
 */
export async function findScimUsersPage(
  db: DbOrTx,
  workspaceId: string,
  options: ScimUsersPageOptions,
): Promise<ScimUsersPage> {
  // A filter's matches are not counted in advance: a page that does not
  // start at 1 counts from its offset, the cheaper way past the middle
  // (decision 0015).
  const countFrom: PageCount =
    options.countFrom ??
    (options.where === undefined
      ? "stored"
      : options.offset > 0
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
    rest > 0 || options.offset === 0 || countFrom !== "offset"
      ? options.offset + rest
      : undefined;

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
