import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";

import * as schema from "./schema";

export type Database = ReturnType<typeof createDatabase>["db"];
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];
export type DbOrTx = Database | Transaction;

export function createDatabase(
  url: string,
  options: { embedded?: boolean } = {},
) {
  const client = postgres(url, {
    // The embedded server multiplexes connections onto one PGlite session, where
    // named prepared statements of different connections would collide.
    // PgBouncer in transaction mode cannot keep named statements either.
    prepare: !options.embedded && process.env.DATABASE_PREPARE !== "false",
    // Roster reads no arrays of custom types, so the type catalogue is not
    // needed; loading it pauses a half-sent query on one connection while
    // another runs, which the embedded server's serialisation cannot allow.
    fetch_types: false,
    max: Number(process.env.DATABASE_POOL_SIZE ?? (options.embedded ? 4 : 10)),
    idle_timeout: 30,
    connect_timeout: 10,
    onnotice: () => {},
  });

  return { db: drizzle(client, { schema }), client };
}
