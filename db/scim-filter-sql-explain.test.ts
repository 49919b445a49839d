import { sql, type SQL } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { parseFilter } from "../lib/scim/filter/parse";
import type { DbOrTx } from "./client";
import { scimUsersPageQuery } from "./queries/scim-users-page-query";
import { scimGroups, scimUsers } from "./schema";
import { compileGroupFilter, compileUserFilter } from "./scim-filter-sql";
import {
  OPEN_TIMEOUT_MS,
  openTestDatabase,
  seedWorkspace,
  type TestDatabase,
} from "./scim-filter-test-db";

// IdPs look people up by userName or externalId, and groups by displayName,
// before every create: those filters must be index lookups, not scans of the
// workspace. A few thousand rows and ANALYZE give the planner real choices.

const SEED = `
  insert into users (email)
    select 'bulk-' || g || '@example.test' from generate_series(1, 3000) g;
  insert into scim_users
      (workspace_id, user_id, user_name, external_id, display_name, resource)
    select $1, id, 'User.' || email, 'ext-' || email, 'Name ' || email, '{}'
      from users;
  insert into scim_groups (workspace_id, display_name)
    select $1, 'Group ' || g from generate_series(1, 3000) g;
`;

describe("filters IdPs send before a create use an index", () => {
  let database: TestDatabase;
  let workspaceId: string;

  beforeAll(async () => {
    database = await openTestDatabase();
    workspaceId = await seedWorkspace(database, { users: [] });
    await database.client.exec(SEED.replaceAll("$1", `'${workspaceId}'`));
    await database.client.exec("analyze");
  }, OPEN_TIMEOUT_MS);
  afterAll(() => database.client.close());

  /** EXPLAIN of the query a list request runs, with its real parameters. */
  async function plan(query: SQL): Promise<string> {
    const result = await database.db.execute<{ "QUERY PLAN": string }>(
      sql`explain ${query}`,
    );

    return result.rows.map((row) => row["QUERY PLAN"]).join("\n");
  }

  const userPlan = (filter: string) =>
    plan(sql`select 1 from ${scimUsers}
      where ${scimUsers.workspaceId} = ${workspaceId}
        and ${compileUserFilter(parseFilter(filter))}`);

  const groupPlan = (filter: string) =>
    plan(sql`select 1 from ${scimGroups}
      where ${scimGroups.workspaceId} = ${workspaceId}
        and ${compileGroupFilter(parseFilter(filter))}`);

  it("userName eq looks up scim_users_user_name_key", async () => {
    const text = await userPlan('userName eq "User.bulk-42@example.test"');

    expectIndexLookup(text, "scim_users_user_name_key", /lower\(user_name\)/);
  });

  it("externalId eq looks up scim_users_external_id_key", async () => {
    const text = await userPlan('externalId eq "ext-bulk-42@example.test"');

    expectIndexLookup(text, "scim_users_external_id_key", /external_id =/);
  });

  it("user displayName eq looks up scim_users_display_name_idx", async () => {
    const text = await userPlan('displayName eq "name bulk-42@example.test"');

    expectIndexLookup(
      text,
      "scim_users_display_name_idx",
      /lower\(display_name\)/,
    );
  });

  it("group displayName eq looks up scim_groups_display_name_idx", async () => {
    const text = await groupPlan('displayName eq "group 42"');

    expectIndexLookup(
      text,
      "scim_groups_display_name_idx",
      /lower\(display_name\)/,
    );
  });

  it("the deepest list page reads its rows by primary key, not by a scan of the workspace", async () => {
    // Only built here, not run, so the PGlite database stands in for the app's.
    const query = scimUsersPageQuery(
      database.db as unknown as DbOrTx,
      workspaceId,
      { offset: 2900, limit: 100 },
    ).getSQL();
    const result = await database.db.execute<{ "QUERY PLAN": string }>(
      sql`explain ${query}`,
    );
    const text = result.rows.map((row) => row["QUERY PLAN"]).join("\n");

    // How the ids are found is the planner's choice by table size (the
    // ordering index, or a sort of a small workspace); the page's rows are
    // then read by primary key, never by scanning every document.
    expectIndexLookup(text, "scim_users_workspace_id_id_pk", /id = ANY/);
    expect(text).not.toMatch(/Seq Scan on scim_users\s+\(/);
  });

  it("a list page reads no more ids than its own, at either end of the workspace", async () => {
    // 3,000 people: the first page walks the ordering index forwards, the
    // last backwards from the end, and the total is the stored count.
    for (const [offset, scan] of [
      [0, /Index (Only )?Scan using scim_users_order_idx/],
      [2900, /Index (Only )?Scan Backward using scim_users_order_idx/],
    ] as const) {
      const query = scimUsersPageQuery(
        database.db as unknown as DbOrTx,
        workspaceId,
        { offset, limit: 100 },
      ).getSQL();
      const result = await database.db.execute<{ "QUERY PLAN": string }>(
        sql`explain (analyze, costs off, timing off, summary off) ${query}`,
      );
      const text = result.rows.map((row) => row["QUERY PLAN"]).join("\n");
      const rowCounts = [...text.matchAll(/actual rows=(\d+)/g)].map((m) =>
        Number(m[1]),
      );

      expect(text).toMatch(scan);
      expect(text).toMatch(/scim_user_counts/);
      expect(Math.max(...rowCounts), text).toBe(100);
    }
  });
});

/** The plan scans `index` with an Index Cond on the filtered column. */
function expectIndexLookup(plan: string, index: string, column: RegExp) {
  const lines = plan.split("\n");
  const scan = lines.findIndex((line) => line.includes(`using ${index} `));
  const condition = lines
    .slice(scan + 1)
    .find((line) => line.includes("Index Cond:"));

  expect(scan, plan).toBeGreaterThanOrEqual(0);
  expect(condition, plan).toMatch(column);
}
