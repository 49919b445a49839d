import { createDatabase, type Database } from "./client";

interface DatabaseHandle {
  db: Database;
  close: () => Promise<void>;
}

const globalForDb = globalThis as unknown as { rosterDb?: DatabaseHandle };

/**
 * The app's database. `DATABASE_URL` is required here: `npm run dev` and
 * `npm start` set it to the embedded PGlite server when the operator did not,
 * so the app itself always speaks to PostgreSQL through the `postgres` driver.
 */
export function getDb(): Database {
  globalForDb.rosterDb ??= openFromEnvironment();

  return globalForDb.rosterDb.db;
}

function openFromEnvironment(): DatabaseHandle {
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new Error(
      "DATABASE_URL is not set. Start the app with `npm run dev` or `npm start`, which use the embedded database when DATABASE_URL is unset.",
    );
  }
  const { db, close } = createDatabase(url, {
    embedded: process.env.ROSTER_EMBEDDED_DB === "1",
  });

  return { db, close: () => close() };
}
