import { availableParallelism } from "node:os";

import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";

import { beginTransaction } from "./transaction-scope";

export type Database = ReturnType<typeof createDatabase>["db"];
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];
export type DbOrTx = Database | Transaction;

export function createDatabase(
  url: string,
  options: { embedded?: boolean } = {},
) {
  // The embedded server multiplexes connections onto one PGlite session, where
  // named prepared statements of different connections would collide.
  // PgBouncer in transaction mode cannot keep named statements either.
  const prepare = !options.embedded && process.env.DATABASE_PREPARE !== "false";
  const settings: postgres.Options<Record<string, never>> = {
    prepare,
    // Roster reads no arrays of custom types, so the type catalogue is not
    // needed; loading it pauses a half-sent query on one connection while
    // another runs, which the embedded server's serialisation cannot allow.
    fetch_types: false,
    max: poolSize(process.env.DATABASE_POOL_SIZE, options.embedded),
    idle_timeout: 30,
    connect_timeout: 10,
    backoff: reconnectDelay,
    onnotice: () => {},
  };
  const client = postgres(url, settings);
  // No schema: Roster writes its queries with the query builder and SQL,
  // never Drizzle's relational queries, whose builders (one per table) a
  // schema would have every transaction construct again.
  const db = drizzle(withStatementPreparation(client, prepare));
  if (!options.embedded && client.options.max >= 2) copyingDatabases.add(db);

  // The lookups IdPs send before every write go through a pool of their
  // own that sends what the requests of one turn of the event loop queued
  // in one write per connection (decision 0021). The embedded server has
  // one session whatever the connections, so it keeps one pool.
  const coalescing = options.embedded
    ? undefined
    : postgres(url, {
        ...settings,
        timers: COALESCING_TIMERS,
      } as typeof settings);
  if (coalescing) {
    coalescingClients.set(db, withStatementPreparation(coalescing, prepare));
  }

  return {
    db,
    client,
    /** Ends both pools, waiting at most `timeout` seconds for their queries. */
    close: async (timeout = 5) => {
      await Promise.all([
        client.end({ timeout }),
        coalescing?.end({ timeout }),
      ]);
    },
  };
}

/**
 * The driver's timers (an option its type declarations leave out; its
 * connection schedules each flush of queued statements with
 * `timers.nextTick`) with `nextTick` replaced: a connection sends its
 * queued statements when the event loop has run every callback of its
 * current turn (`setImmediate`) rather than after each callback
 * (`process.nextTick`). Under load, one
 * turn reads many requests, and their statements leave in one system call
 * per connection instead of one each, so PostgreSQL is woken once for them
 * too. A statement waits at most for the rest of that turn, so a
 * transaction, which waits for every statement's answer before the next,
 * stays on the ordinary pool.
 */
const COALESCING_TIMERS = {
  setTimeout,
  clearTimeout,
  setImmediate,
  clearImmediate,
  now: () => performance.now(),
  nextTick: setImmediate,
};

const coalescingClients = new WeakMap<object, postgres.Sql>();

/**
 * The pool for single statements that many requests send at once (the
 * lookups' token and people read); none on the embedded database.
 */
export function coalescingClientOf(db: Database): postgres.Sql | undefined {
  return coalescingClients.get(db);
}

/**
 * Seconds before a pool tries to connect again after `attempts` failures:
 * 0.1–0.2 s at first, doubling, at most 1–2 s. The driver's own delay grows
 * to 10–20 s, so after an outage an instance could answer 503 for that long
 * once PostgreSQL was back (a helper measured 11.5 s). A pool tries only
 * while statements wait for it, so the cost is one refused connection per
 * second or two while the database is away.
 */
export function reconnectDelay(attempts: number): number {
  return (0.5 + Math.random() / 2) * Math.min(0.2 * 2 ** (attempts - 1), 2);
}

/**
 * Connections per pool: DATABASE_POOL_SIZE when it is a positive whole
 * number, else twice the CPUs this process may use, between 2 and 10 (4 on
 * the embedded database). Statements pipeline on a connection, so a pool
 * need not match the requests in flight; on a 2-core machine, every
 * connection beyond that added PostgreSQL wake-ups and CPU per lookup
 * (decision 0020: 4 connections served a tenth more lookups than 10, with
 * a sixth less PostgreSQL CPU per lookup and a quarter less per create).
 */
export function poolSize(configured: string | undefined, embedded = false) {
  const size = Number(configured);
  if (configured && Number.isInteger(size) && size > 0) return size;
  if (embedded) return 4;

  return Math.min(10, Math.max(2, 2 * availableParallelism()));
}

const copyingDatabases = new WeakSet<object>();

/**
 * Whether rows may be written with COPY (db/statement.ts `copyInto`): not
 * on the embedded PGlite server, which speaks the protocol's queries but
 * not COPY's data exchange, and not with a pool of one connection, since
 * the driver refuses every other statement while all its connections copy.
 */
export function canCopyInto(db: Database): boolean {
  return copyingDatabases.has(db);
}

const UNPREPARED_MARK = "/* not prepared */";

/**
 * Put in a query whose text the client shapes (a compiled SCIM filter):
 * such a query is not prepared, since every new shape would stay in
 * PostgreSQL's memory for as long as the connection lives (decision 0013).
 */
export const notPrepared = sql.raw(`${UNPREPARED_MARK} `);

/**
 * Drizzle runs every query through `unsafe()` with `prepare: false` unless
 * the query was given a name, so PostgreSQL would parse and plan each one
 * again: on a lookup, planning cost more than running (decision 0013). This
 * view of the client decides instead, in transactions too (which it runs
 * itself, decision 0016): with `prepare`, every query that has parameters
 * is prepared (the driver keeps a bounded cache of named statements per
 * connection, keyed by the text); without it,
 * none is, not even Drizzle's named ones. Parameterless text (migrations,
 * several statements in one string) keeps the simple protocol, and text
 * marked `notPrepared` is sent unnamed.
 */
export function withStatementPreparation(
  sql: postgres.Sql,
  prepare: boolean,
): postgres.Sql {
  return new Proxy(sql, {
    get(target, property, receiver) {
      if (property === "unsafe") {
        return (
          query: string,
          args:
            | postgres.ParameterOrJSON<never>[]
            | postgres.UnsafeQueryOptions = [],
          queryOptions: postgres.UnsafeQueryOptions = {},
        ) => {
          // unsafe(query, options) is allowed too.
          const params = Array.isArray(args) ? args : [];
          const options = Array.isArray(args) ? queryOptions : args;

          return target.unsafe(query, params, {
            ...options,
            prepare:
              prepare && params.length > 0 && !query.includes(UNPREPARED_MARK),
          });
        };
      }
      // Transactions with BEGIN and COMMIT pipelined (db/transaction-scope.ts).
      if (property === "begin") {
        return (...args: unknown[]) =>
          beginTransaction(
            target,
            (connection) => withStatementPreparation(connection, prepare),
            args.at(-1) as (inner: postgres.Sql) => unknown,
          );
      }

      return Reflect.get(target, property, receiver);
    },
  });
}
