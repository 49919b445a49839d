import { settlesWithin } from "@/lib/settles-within";

const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "57P01", // admin_shutdown
  "57P03", // cannot_connect_now
  // Every connection is busy writing the activity log (COPY); the writer
  // copies one batch at a time, so this is not expected, but it is the
  // service's trouble and passes.
  "COPY_IN_PROGRESS",
  // No answer within a deadline (`answeredWithin`): a database that hangs.
  "DATABASE_DEADLINE",
]);

/** Connection failures are the service's trouble (503), not the client's. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (
    let e = error as { code?: string; cause?: unknown } | undefined;
    e;
    e = e.cause as typeof e
  ) {
    if (e.code && CONNECTION_CODES.has(e.code)) return true;
  }

  return false;
}

/** The database did not answer within a deadline. */
export class DatabaseDeadlineError extends Error {
  readonly code = "DATABASE_DEADLINE";

  constructor(ms: number) {
    super(`no answer from the database within ${ms} ms`);
    this.name = "DatabaseDeadlineError";
  }
}

/**
 * `work`'s outcome, or a DatabaseDeadlineError (unavailable, 503) when it
 * has not settled within `ms`; the work goes on either way.
 */
export async function answeredWithin<T>(work: Promise<T>, ms: number) {
  if (!(await settlesWithin(work, ms))) throw new DatabaseDeadlineError(ms);

  return work;
}
