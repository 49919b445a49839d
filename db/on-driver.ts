import { is, Placeholder } from "drizzle-orm";
import type postgres from "postgres";

import type { Database } from "./client";

type Decoder<Row> = (values: unknown[]) => Row;

/**
 * A query built once with Drizzle and run on the driver itself, its rows
 * decoded by hand from the column values in select order (decision 0018).
 * Drizzle's execution path (tracing spans, placeholder filling, a generic
 * row mapper that tests every column's kind) cost more CPU on a lookup than
 * the driver did; the SQL text stays Drizzle's, typed from the schema.
 * The text is prepared as the client decides (db/client.ts).
 */
export function onDriver<Row>(
  db: Database,
  query: { toSQL(): { sql: string; params: unknown[] } },
  decode: Decoder<Row>,
): (values: Record<string, unknown>) => Promise<Row[]> {
  const { sql: text, params } = query.toSQL();
  const client = db.$client as postgres.Sql;
  const fill = params.map((param) =>
    is(param, Placeholder)
      ? (values: Record<string, unknown>) => {
          const value = values[param.name];
          if (value === undefined)
            throw new Error(`No value for placeholder "${param.name}"`);

          return value;
        }
      : () => param,
  );

  return async (values) => {
    const rows = await client
      .unsafe(
        text,
        fill.map(
          (valueOf) => valueOf(values) as postgres.ParameterOrJSON<never>,
        ),
      )
      .values();

    return rows.map((row) => decode(row as unknown[]));
  };
}

/** A timestamptz as the driver hands it to Drizzle (text), as a Date. */
export function dateOf(value: unknown): Date {
  return new Date(value as string);
}

/** The same for a nullable column. */
export function dateOrNullOf(value: unknown): Date | null {
  return value === null ? null : new Date(value as string);
}
