import { createDatabase, type Database } from "./client";
import { openEmbeddedDatabase } from "./embedded";

export interface Connection {
  db: Database;
  url: string;
  isEmbedded: boolean;
  close: () => Promise<void>;
}

/**
 * Connects a script (CLI, dev server, tests) to `DATABASE_URL`, or else to the
 * embedded database: shared through the process that already serves the data
 * folder, or served by this process until `close`.
 */
export async function connect(): Promise<Connection> {
  const url = process.env.DATABASE_URL;
  if (url) {
    // ROSTER_EMBEDDED_DB=1: the URL is an embedded server another process
    // serves (npm test), which cannot keep named prepared statements.
    const { db, client } = createDatabase(url, {
      embedded: process.env.ROSTER_EMBEDDED_DB === "1",
    });

    return {
      db,
      url,
      isEmbedded: false,
      close: () => client.end({ timeout: 5 }),
    };
  }

  const embedded = await openEmbeddedDatabase();
  const { db, client } = createDatabase(embedded.url, { embedded: true });

  return {
    db,
    url: embedded.url,
    isEmbedded: true,
    close: async () => {
      await client.end({ timeout: 5 });
      await embedded.stop();
    },
  };
}
