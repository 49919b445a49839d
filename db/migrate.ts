import { readFileSync } from "node:fs";
import path from "node:path";

import { sql } from "drizzle-orm";
import { migrate } from "drizzle-orm/postgres-js/migrator";

import type { Database } from "./client";

export const MIGRATIONS_FOLDER = path.resolve(
  import.meta.dirname,
  "migrations",
);

export async function migrateDatabase(db: Database): Promise<void> {
  await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
}

/**
 * The tags of this build's migrations that the database has not had, by
 * the rule drizzle's migrator applies them: those newer than the last one
 * it recorded. All of them when it has recorded none.
 */
export async function pendingMigrations(db: Database): Promise<string[]> {
  const journal = JSON.parse(
    readFileSync(path.join(MIGRATIONS_FOLDER, "meta/_journal.json"), "utf8"),
  ) as { entries: { when: number; tag: string }[] };
  const [{ recorded }] = (await db.execute(sql`
    select to_regclass('drizzle.__drizzle_migrations') is not null as recorded
  `)) as unknown as { recorded: boolean }[];
  let last = -Infinity;
  if (recorded) {
    const [row] = (await db.execute(sql`
      select max(created_at)::text as last from drizzle.__drizzle_migrations
    `)) as unknown as { last: string | null }[];
    if (row.last !== null) last = Number(row.last);
  }

  return journal.entries.filter((e) => e.when > last).map((e) => e.tag);
}
