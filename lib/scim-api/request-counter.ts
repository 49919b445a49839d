import type { Database } from "@/db/client";
import {
  addScimRequestCounts,
  type RequestCount,
} from "@/db/queries/scim-principal";
import { safeError } from "@/lib/log-safe-error";
import { logger } from "@/lib/logger";

/** How long a request's count may wait before it is written (decision 0013). */
export const COUNT_FLUSH_INTERVAL_MS = 200;

/**
 * The SCIM requests this instance answered and has not written to
 * `rate_limits` yet. The shared count stays in PostgreSQL: every request
 * reads it with its token, and this instance's unwritten requests are added
 * to it. They are written in one statement every COUNT_FLUSH_INTERVAL_MS
 * instead of one locked row update per request (decision 0013).
 */
class RequestCounter {
  private pending = new Map<string, RequestCount>();
  private writing = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private flushed: Promise<void> = Promise.resolve();

  constructor(private readonly db: Database) {}

  /** Counts one request; returns this instance's unwritten requests of the token, this one included. */
  count(workspaceId: string, tokenId: string): number {
    const entry = this.pending.get(tokenId) ?? {
      workspaceId,
      tokenId,
      count: 0,
    };
    entry.count++;
    this.pending.set(tokenId, entry);
    this.timer ??= setTimeout(() => void this.flush(), COUNT_FLUSH_INTERVAL_MS);
    this.timer.unref?.();

    return entry.count + (this.writing.get(tokenId) ?? 0);
  }

  /** Writes every pending count; resolves once they are in the database. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = [...this.pending.values()];
    this.pending.clear();
    if (batch.length === 0) return this.flushed;

    for (const { tokenId, count } of batch) {
      this.writing.set(tokenId, (this.writing.get(tokenId) ?? 0) + count);
    }
    const write = addScimRequestCounts(this.db, batch)
      .catch((error: unknown) =>
        // Lost counts only make the limit more lenient for one window.
        logger.warn(
          { err: safeError(error), tokens: batch.length },
          "could not write SCIM request counts",
        ),
      )
      .finally(() => {
        for (const { tokenId, count } of batch) {
          const left = (this.writing.get(tokenId) ?? 0) - count;
          if (left > 0) this.writing.set(tokenId, left);
          else this.writing.delete(tokenId);
        }
      });
    this.flushed = Promise.all([this.flushed, write]).then(() => {});

    return this.flushed;
  }
}

const counters = new WeakMap<Database, RequestCounter>();

function counterOf(db: Database) {
  let counter = counters.get(db);
  if (!counter) {
    counter = new RequestCounter(db);
    counters.set(db, counter);
  }

  return counter;
}

/** Counts a request of the token; returns this instance's unwritten count of it. */
export function countScimRequest(
  db: Database,
  workspaceId: string,
  tokenId: string,
): number {
  return counterOf(db).count(workspaceId, tokenId);
}

/** Writes the counts not yet written (tests, and before shutting down). */
export function flushScimRequestCounts(db: Database): Promise<void> {
  return counters.get(db)?.flush() ?? Promise.resolve();
}
