import { sql } from "drizzle-orm";
import type postgres from "postgres";

/**
 * Transactions with fewer round trips (decision 0017). The driver's own
 * `begin` waits for BEGIN's answer before the first statement and sends
 * COMMIT alone after the last; every round trip costs the app and
 * PostgreSQL a socket write and a wake-up each. Here BEGIN goes out with
 * the transaction's first statement, and `endTransaction` lets the last
 * writes carry COMMIT with them.
 */

// Harmless where nothing intercepts it (a transaction not begun here): the
// transaction then ends as usual, a round trip later.
const END_TEXT = "select /* end of the transaction, pipelined */ 1";

/**
 * A statement that ends the current transaction where it stands in the
 * pipeline: COMMIT at the top level, RELEASE inside a savepoint. Nothing may
 * be sent after it in the same transaction. If a statement before it failed,
 * PostgreSQL answers COMMIT with a rollback and the transaction's error is
 * that statement's.
 */
export const endTransaction = sql.raw(END_TEXT);

interface ScopeStatements {
  start: string;
  end: string;
  undo: string;
}

interface Scope {
  statements: ScopeStatements;
  /** The end statement, once the work has sent it. */
  ended: Promise<postgres.RowList<postgres.Row[]>> | null;
}

type AnyFunction = (...args: unknown[]) => unknown;

const rolledBack = () =>
  Object.assign(
    new Error("PostgreSQL rolled the transaction back instead of committing"),
    { code: "TRANSACTION_ROLLED_BACK" },
  );

/**
 * Runs `work` in a transaction on a connection of its own. The work sees
 * the connection through `view` (how the app sends statements), and can
 * nest savepoints and end the transaction early with `endTransaction`.
 */
export async function beginTransaction<T>(
  client: postgres.Sql,
  view: (connection: postgres.Sql) => postgres.Sql,
  work: (inner: postgres.Sql) => T | Promise<T>,
): Promise<T> {
  const connection = await client.reserve();
  // Reserved connections take statements as the pool does.
  const viewed = view(connection as unknown as postgres.Sql);
  let savepoints = 0;

  const run = <R>(
    statements: ScopeStatements,
    scopedWork: (inner: postgres.Sql) => R | Promise<R>,
  ): Promise<R> => {
    const scope: Scope = { statements, ended: null };
    const inner = new Proxy(viewed, {
      // A tagged-template statement (db/statement.ts).
      apply(target, thisArg, args) {
        if (scope.ended) throw new Error("The transaction has ended.");

        return Reflect.apply(target, thisArg, args) as unknown;
      },
      get(target, property, receiver) {
        if (property === "unsafe") {
          return (query: string, ...rest: unknown[]) => {
            // After the end a statement would run outside the transaction.
            if (scope.ended) throw new Error("The transaction has ended.");
            if (query !== END_TEXT)
              return (target.unsafe as AnyFunction)(query, ...rest);
            // Not executed here: sent when the caller awaits it, in turn
            // with the statements it sent before.
            scope.ended = connection.unsafe(statements.end);

            return scope.ended;
          };
        }
        if (property === "savepoint") {
          return (...args: unknown[]) => {
            const nested = args.at(-1) as (inner: postgres.Sql) => unknown;
            const name = `roster_${++savepoints}`;

            return run(
              {
                start: `savepoint ${name}`,
                end: `release savepoint ${name}`,
                undo: `rollback to savepoint ${name}`,
              },
              nested,
            );
          };
        }

        return Reflect.get(target, property, receiver);
      },
    });

    return runScope(connection, scope, () => scopedWork(inner));
  };

  try {
    return await run({ start: "begin", end: "commit", undo: "rollback" }, work);
  } finally {
    connection.release();
  }
}

async function runScope<R>(
  connection: postgres.ReservedSql,
  scope: Scope,
  work: () => R | Promise<R>,
): Promise<R> {
  const { statements } = scope;
  const isSavepoint = statements.start !== "begin";
  // Queued now and written with whatever the work sends before the driver's
  // next flush: its first statement, when it sends that without waiting.
  const started = connection.unsafe(statements.start).execute();
  const [start, outcome] = await Promise.allSettled([
    started,
    (async () => work())(),
  ]);

  if (start.status === "rejected" || outcome.status === "rejected") {
    // Once COMMIT was sent the transaction is over either way (PostgreSQL
    // rolls back a failed one); a RELEASE that failed leaves its savepoint
    // to roll back to. Waiting for these answers also keeps the connection
    // until every statement of the work has been answered.
    const ended = scope.ended && (await settled(scope.ended));
    if (!ended || (isSavepoint && !ended.ok))
      await connection.unsafe(statements.undo).catch(() => {});
    throw start.status === "rejected"
      ? start.reason
      : (outcome as PromiseRejectedResult).reason;
  }

  let done: postgres.RowList<postgres.Row[]>;
  try {
    done = await (scope.ended ?? connection.unsafe(statements.end));
  } catch (error) {
    // A RELEASE refused because a statement failed and the work went on
    // anyway: the savepoint is still there to roll back to, so that the
    // outer transaction is not left aborted.
    if (isSavepoint) await connection.unsafe(statements.undo).catch(() => {});
    throw error;
  }
  if (!isSavepoint && done.command !== "COMMIT") throw rolledBack();

  return outcome.value;
}

async function settled<T>(promise: Promise<T>) {
  try {
    await promise;

    return { ok: true };
  } catch {
    return { ok: false };
  }
}
