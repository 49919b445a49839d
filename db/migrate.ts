import path from "node:path";

import { migrate } from "drizzle-orm/postgres-js/migrator";

import type { Database } from "./client";

export const MIGRATIONS_FOLDER = path.resolve(
  import.meta.dirname,
  "migrations",
);

export async function migrateDatabase(db: Database): Promise<void> {
  await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
}
