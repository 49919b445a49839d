import { sql } from "drizzle-orm";

import { testDb } from "./test-db";

/**
 * Rows of every table that has a workspace_id column, for one workspace: the
 * tables are read from the catalogue, so a table added later is counted too.
 */
export async function workspaceRowCounts(workspaceId: string) {
  const db = testDb();
  const tables = await db.execute<{ table_name: string }>(sql`
    select table_name from information_schema.columns
    where table_schema = 'public' and column_name = 'workspace_id'
    order by table_name`);
  const counts: Record<string, number> = {};
  for (const { table_name: table } of tables) {
    const [row] = await db.execute<{ count: number }>(
      sql`select count(*)::int as count from ${sql.identifier(table)}
          where workspace_id = ${workspaceId}`,
    );
    counts[table] = row.count;
  }

  return counts;
}

/** Accounts and personal workspaces a connection check would have created. */
export async function connectionCheckLeftovers() {
  const [row] = await testDb().execute<{ accounts: number; personal: number }>(
    sql`select
      (select count(*)::int from users
        where email ilike 'roster-connection-check+%@check.invalid') as accounts,
      (select count(*)::int from workspaces
        where personal and name like 'Connection Check%') as personal`,
  );

  return row;
}
