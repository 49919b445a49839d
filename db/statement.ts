import { Writable } from "node:stream";
import { finished } from "node:stream/promises";

import { is, Placeholder, type SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import type postgres from "postgres";

import { coalescingClientOf, type Database, type DbOrTx } from "./client";
import { isDatabaseUnavailable } from "./is-database-unavailable";

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
  return send(clientOf(db), text, params) as unknown as Promise<Row[]>;
}

interface Template {
  strings: TemplateStringsArray;
  /** For each placeholder in order of appearance, the index of its value. */
  slots: number[];
}

const templates = new Map<string, Template>();
const MAX_TEMPLATES = 500;

/**
 * Sends a fixed statement as the driver's tagged template of its text: the
 * driver finds the template's prepared statement by the identity of its
 * strings, where for `unsafe` text it hashed a key built from the whole
 * text on every call (a few per cent of a lookup's CPU). The placeholders
 * become the template's holes, in order of appearance; a placeholder used
 * twice is sent twice. Text without values, or more texts than fixed
 * statements could make, go through `unsafe`.
 */
function send(client: postgres.Sql, text: string, params: readonly unknown[]) {
  const template =
    params.length > 0 &&
    (templates.get(text) ??
      (templates.size < MAX_TEMPLATES ? templateOf(text) : undefined));
  if (!template) {
    return client.unsafe(text, params as postgres.ParameterOrJSON<never>[]);
  }

  return client(
    template.strings,
    // Plain values only: the texts are fixed, nothing is a fragment.
    ...(template.slots.map(
      (slot) => params[slot],
    ) as postgres.ParameterOrFragment<never>[]),
  );
}

function templateOf(text: string): Template {
  const parts: string[] = [];
  const slots: number[] = [];
  let last = 0;
  for (const match of text.matchAll(/\$(\d+)/g)) {
    parts.push(text.slice(last, match.index));
    slots.push(Number(match[1]) - 1);
    last = match.index + match[0].length;
  }
  parts.push(text.slice(last));
  const template = {
    strings: Object.assign(parts, {
      raw: [...parts],
    }) as unknown as TemplateStringsArray,
    slots,
  };
  templates.set(text, template);

  return template;
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

type Decoder<Row> = (values: unknown[]) => Row;

/**
 * A query built once with Drizzle and run on the driver itself, its rows
 * decoded by hand from the column values in select order (decision 0018).
 * Drizzle's execution path (tracing spans, placeholder filling, a generic
 * row mapper that tests every column's kind) cost more CPU on a lookup than
 * the driver did; the SQL text stays Drizzle's, typed from the schema.
 * The text is prepared as the client decides (db/client.ts). With
 * `coalesce` (for reads only), it runs on the database's coalescing pool,
 * which sends what the requests of one turn of the event loop queued in
 * one write (`coalescingClientOf`, decision 0021). When that pool cannot
 * reach the database, the read is asked of the ordinary pool: after an
 * outage each pool reconnects on its own schedule, and lookups must come
 * back when everything else does.
 */
export function onDriver<Row>(
  // Not a transaction: the returned function outlives it.
  db: Database,
  query: { toSQL(): { sql: string; params: unknown[] } },
  decode: Decoder<Row>,
  { coalesce = false } = {},
): (values: Record<string, unknown>) => Promise<Row[]> {
  const { sql: text, params } = query.toSQL();
  const ordinary = clientOf(db);
  const coalescing = coalesce ? coalescingClientOf(db) : undefined;
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
    const args = fill.map((valueOf) => valueOf(values));
    const rows = coalescing
      ? await send(coalescing, text, args)
          .values()
          .catch((error: unknown) => {
            if (!isDatabaseUnavailable(error)) throw error;

            return send(ordinary, text, args).values();
          })
      : await send(ordinary, text, args).values();

    return rows.map((row) => decode(row as unknown[]));
  };
}

/**
 * Writes rows with `COPY target FROM STDIN` in the text format: one
 * statement and one message of data however many rows, in a transaction of
 * its own on a connection of the client's pool. PostgreSQL spends about
 * half the CPU per row of an INSERT … SELECT over a JSON parameter. `data`
 * is lines of tab-separated fields written with `copyField`, each line
 * ending in a newline. With `relaxed`, the commit does not wait for its WAL
 * flush (for best-effort rows, decision 0009). Only where `canCopyInto`
 * (db/client.ts) allows it.
 */
export async function copyInto(
  db: Database,
  target: string,
  data: string,
  { relaxed = false } = {},
): Promise<void> {
  await clientOf(db).begin(async (tx) => {
    if (relaxed) await tx.unsafe("set local synchronous_commit = off");
    const query = tx.unsafe(`copy ${target} from stdin`);
    listenFromTheStart(query);
    const stream = (await query.writable()) as Writable;
    stream.end(data);
    // Settles however the stream ended, also before this line: PostgreSQL's
    // refusal or a lost connection destroys it with the error.
    await finished(stream);
  });
}

/**
 * The driver resolves a COPY's query with its stream. When PostgreSQL's
 * error or the connection's end arrives in the same read as the start of
 * the copy, the driver destroys the stream at once, and its 'error' event
 * fires before the awaiting code could listen: an uncaught exception, and
 * a copy that never settled, which stalled the activity log's batches for
 * good. Listening as the driver hands the stream over keeps the error on
 * the stream, where `finished` reads it. This relies on the driver calling
 * the query's `resolve` method with the stream (postgres 4.2,
 * src/connection.js `CopyInResponse`); db/statement.test.ts fails if it
 * stops doing so.
 */
function listenFromTheStart(query: object) {
  const handOver = query as unknown as { resolve: (value: unknown) => void };
  const resolve = handOver.resolve;
  handOver.resolve = (value) => {
    if (value instanceof Writable) value.on("error", () => {});
    resolve.call(query, value);
  };
}

const COPY_SPECIALS = /[\\\n\r\t]/g;
const COPY_ESCAPES: Record<string, string> = {
  "\\": "\\\\",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
};

/**
 * A value as a field of COPY's text format: `\N` for null, backslashes,
 * tabs and line breaks escaped. Text must already be storable (no NUL, no
 * half surrogate pair: `toStorableText`).
 */
export function copyField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "\\N";
  const text = typeof value === "number" ? String(value) : value;

  return text.replace(COPY_SPECIALS, (c) => COPY_ESCAPES[c]);
}

// Next.js replaces the global Date with a wrapper that notes every use of
// the clock for its prerendering (node-environment-extensions/date.js); it
// cost a lookup as much as parsing its five timestamps. `npm start` loads
// this module before Next.js, so this is the engine's own constructor, and
// its dates are ordinary Dates either way.
const NativeDate = Date;

/** A timestamptz as the driver hands it to Drizzle (text), as a Date. */
export function dateOf(value: unknown): Date {
  return new NativeDate(value as string);
}

/** The same for a nullable column. */
export function dateOrNullOf(value: unknown): Date | null {
  return value === null ? null : new NativeDate(value as string);
}

function clientOf(db: DbOrTx): postgres.Sql {
  // A Drizzle database carries its client; a transaction's session holds
  // the connection the transaction runs on.
  const { $client } = db as { $client?: postgres.Sql };
  if ($client) return $client;

  return (db as unknown as { session: { client: postgres.Sql } }).session
    .client;
}
