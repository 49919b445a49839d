import type { SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import type postgres from "postgres";

import type { DbOrTx } from "./client";

/**
 * Runs a statement whose text is fixed, written with `$1…$n`, on the
 * driver: the client's pool, or inside a transaction its connection
 * (decision 0018). Preparation is the client's decision (db/client.ts).
 * The statement is sent as soon as the returned promise is awaited, in the
 * order of the calls, so it pipelines like a Drizzle query
 * (db/pipeline.ts). Rows come as the driver gives them: columns by name,
 * timestamps as text.
 *
 * For the statements every SCIM write sends: Drizzle rebuilt each one's
 * text from its template on every call and ran it through its tracing and
 * caching layers, which cost more app CPU than the driver's own work.
 */
export function runStatement<Row = Record<string, unknown>>(
  db: DbOrTx,
  text: string,
  params: readonly unknown[],
): Promise<Row[]> {
  return clientOf(db).unsafe(
    text,
    params as postgres.ParameterOrJSON<never>[],
  ) as unknown as Promise<Row[]>;
}

/**
 * The text of a Drizzle fragment that has no parameters (a column list, a
 * subquery over named tables), for building a fixed statement's text once.
 */
export function fragmentText(fragment: SQL): string {
  const { sql, params } = new PgDialect().sqlToQuery(fragment);
  if (params.length > 0) {
    throw new Error("A fixed statement's fragment cannot carry parameters.");
  }

  return sql;
}

function clientOf(db: DbOrTx): postgres.Sql {
  // A Drizzle database carries its client; a transaction's session holds
  // the connection the transaction runs on.
  const { $client } = db as { $client?: postgres.Sql };
  if ($client) return $client;

  return (db as unknown as { session: { client: postgres.Sql } }).session
    .client;
}
