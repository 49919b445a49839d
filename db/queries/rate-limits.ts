import { sql } from "drizzle-orm";

import type { DbOrTx } from "../client";

/**
 * Counts one request in the current fixed window and returns the count and
 * when the window started, in one statement so concurrent instances agree.
 */
export async function countRequest(
  db: DbOrTx,
  workspaceId: string,
  key: string,
  windowSeconds: number,
) {
  const rows = await db.execute<{ count: number; window_start: string }>(sql`
    insert into rate_limits (workspace_id, key, window_start, count)
    select ${workspaceId}, ${key}, now(), 1
    -- A counter needs no durable commit: skipping the WAL flush for this
    -- statement keeps every request from waiting on a disk sync.
    from (select set_config('synchronous_commit', 'off', true)) as relaxed
    on conflict (workspace_id, key) do update set
      count = case when rate_limits.window_start <= now() - make_interval(secs => ${windowSeconds})
                   then 1 else rate_limits.count + 1 end,
      window_start = case when rate_limits.window_start <= now() - make_interval(secs => ${windowSeconds})
                   then now() else rate_limits.window_start end
    returning count, window_start`);
  const [row] = rows as unknown as {
    count: number;
    window_start: string | Date;
  }[];

  return { count: Number(row.count), windowStart: new Date(row.window_start) };
}
