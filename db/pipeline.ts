import type { Transaction } from "./client";
import { endTransaction } from "./transaction-scope";

/**
 * Waits for statements of one transaction that were sent without waiting
 * for each other. The driver pipelines them on the transaction's connection
 * (one round trip instead of one each) and PostgreSQL runs them in the order
 * they were sent, so a later one may rely on what an earlier one wrote but
 * not on its result. Call every query function before awaiting this; each
 * must send its statement before it awaits anything else, as a function
 * whose first await is its query does.
 *
 * A failing statement aborts the transaction and the ones after it fail
 * with "current transaction is aborted"; the error thrown is that of the
 * first statement that failed, as if they had run one by one.
 */
export async function pipeline<T extends readonly unknown[]>(
  statements: readonly [...{ [K in keyof T]: Promise<T[K]> }],
): Promise<T> {
  const settled = await Promise.allSettled(statements);
  const failed = settled.find(
    (result): result is PromiseRejectedResult => result.status === "rejected",
  );
  if (failed) throw failed.reason;

  return settled.map(
    (result) => (result as PromiseFulfilledResult<unknown>).value,
  ) as unknown as T;
}

/**
 * `pipeline()` with the transaction's end sent right behind the statements
 * (db/transaction-scope.ts): COMMIT travels with the last writes instead of
 * costing a round trip of its own. The transaction sends nothing after.
 */
export async function pipelineToEnd<T extends readonly unknown[]>(
  tx: Transaction,
  statements: readonly [...{ [K in keyof T]: Promise<T[K]> }],
): Promise<T> {
  const [written, ended] = await Promise.allSettled([
    pipeline<T>(statements),
    tx.execute(endTransaction),
  ]);
  // A failed write fails the end too (a RELEASE in an aborted transaction):
  // the write's error is the one that says why.
  if (written.status === "rejected") throw written.reason;
  if (ended.status === "rejected") throw ended.reason;

  return written.value;
}
