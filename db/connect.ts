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
    const { db, close } = createDatabase(url, {
      embedded: process.env.ROSTER_EMBEDDED_DB === "1",
    });

    return { db, url, isEmbedded: false, close: () => close() };
  }

  const embedded = await openEmbeddedDatabase();
  const { db, close } = createDatabase(embedded.url, { embedded: true });

  return {
    db,
    url: embedded.url,
    isEmbedded: true,
    close: async () => {
      await close();
      await embedded.stop();
    },
  };
}
