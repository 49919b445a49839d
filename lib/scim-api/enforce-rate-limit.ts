import type { Database } from "@/db/client";
import { countRequest } from "@/db/queries/rate-limits";
import { ScimError } from "@/lib/scim/errors";

const WINDOW_SECONDS = 60;

/**
 * Requests per minute per token. Okta and Entra push bursts of a few hundred
 * requests; the default (6000/min, 100/s sustained) leaves them far below it.
 */
export function scimRateLimitPerMinute(): number {
  const configured = Number(process.env.SCIM_RATE_LIMIT_PER_MINUTE);

  return Number.isInteger(configured) && configured > 0 ? configured : 6000;
}

/**
 * A 429 that knows whether it is the window's first refusal: the activity
 * log records only that one, so a runaway client cannot flood the log.
 */
export class RateLimitError extends ScimError {
  constructor(
    retryAfter: number,
    readonly isFirstRefusal: boolean,
  ) {
    super(
      429,
      `Too many requests for this token; retry after ${retryAfter} seconds.`,
      undefined,
      { "Retry-After": String(retryAfter) },
    );
  }
}

/** Throws 429 with Retry-After when the token used up its window. */
export async function enforceScimRateLimit(
  db: Database,
  workspaceId: string,
  tokenId: string,
) {
  const { count, windowStart } = await countRequest(
    db,
    workspaceId,
    `scim:${tokenId}`,
    WINDOW_SECONDS,
  );
  const limit = scimRateLimitPerMinute();
  if (count <= limit) return;

  const windowEnds = windowStart.getTime() + WINDOW_SECONDS * 1000;
  const retryAfter = Math.max(1, Math.ceil((windowEnds - Date.now()) / 1000));
  throw new RateLimitError(retryAfter, count === limit + 1);
}
