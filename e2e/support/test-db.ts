import { createDatabase, type Database } from "@/db/client";

let handle: ReturnType<typeof createDatabase> | undefined;

/** The database the server under test uses, for fixtures and row assertions. */
export function testDb(): Database {
  const url = process.env.DATABASE_URL;
  if (!url)
    throw new Error(
      "DATABASE_URL is not set; run the suites through `npm test`.",
    );
  handle ??= createDatabase(url, {
    embedded: process.env.ROSTER_EMBEDDED_DB === "1",
  });

  return handle.db;
}

export async function closeTestDb() {
  await handle?.close();
  handle = undefined;
}

let turn = 0;

/**
 * The app instance for the next request: with ROSTER_TEST_BASE_URLS (two
 * instances over one database) requests alternate between them.
 */
export function nextBaseUrl(): string {
  const urls = process.env.ROSTER_TEST_BASE_URLS?.split(",").filter(Boolean);
  if (!urls?.length) return baseUrl();
  turn = (turn + 1) % urls.length;

  return urls[turn].replace(/\/$/, "");
}

export function baseUrl(): string {
  const url = process.env.ROSTER_TEST_BASE_URL;
  if (!url)
    throw new Error(
      "ROSTER_TEST_BASE_URL is not set; run the suites through `npm test`.",
    );

  return url.replace(/\/$/, "");
}
