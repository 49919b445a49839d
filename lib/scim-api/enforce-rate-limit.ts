import { ScimError } from "@/lib/scim/errors";

/** The fixed window the per-token request count runs over. */
export const SCIM_RATE_WINDOW_SECONDS = 60;

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

/**
 * Throws 429 with Retry-After when the token used up its window. The request
 * was counted with the token lookup (db/queries/scim-principal.ts).
 */
export function enforceScimRateLimit({
  requestCount,
  windowStart,
}: {
  requestCount: number;
  windowStart: Date;
}) {
  const limit = scimRateLimitPerMinute();
  if (requestCount <= limit) return;

  const windowEnds = windowStart.getTime() + SCIM_RATE_WINDOW_SECONDS * 1000;
  const retryAfter = Math.max(1, Math.ceil((windowEnds - Date.now()) / 1000));
  throw new RateLimitError(retryAfter, requestCount === limit + 1);
}
