import { inArray, sql } from "drizzle-orm";

import type { DbOrTx } from "../client";
import { signInThrottle } from "../schema";

export async function countRecentFailures(
  db: DbOrTx,
  keys: string[],
  windowSeconds: number,
) {
  const rows = await db
    .select({ key: signInThrottle.key, failures: signInThrottle.failures })
    .from(signInThrottle)
    .where(
      sql`${inArray(signInThrottle.key, keys)} and ${signInThrottle.windowStart} > now() - make_interval(secs => ${windowSeconds})`,
    );

  return new Map(rows.map((r) => [r.key, r.failures]));
}

export async function recordFailure(
  db: DbOrTx,
  key: string,
  windowSeconds: number,
) {
  await db.execute(sql`
    insert into sign_in_throttle (key, window_start, failures) values (${key}, now(), 1)
    on conflict (key) do update set
      failures = case when sign_in_throttle.window_start <= now() - make_interval(secs => ${windowSeconds})
                      then 1 else sign_in_throttle.failures + 1 end,
      window_start = case when sign_in_throttle.window_start <= now() - make_interval(secs => ${windowSeconds})
                      then now() else sign_in_throttle.window_start end`);
}

export async function clearFailures(db: DbOrTx, key: string) {
  await db.delete(signInThrottle).where(inArray(signInThrottle.key, [key]));
}
