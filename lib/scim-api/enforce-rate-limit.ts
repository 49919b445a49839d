import { SCIM_RATE_WINDOW_SECONDS } from "@/db/queries/scim-principal";
import { ScimError } from "@/lib/scim/errors";

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

// The window of each token's last recorded refusal, in this instance.
const refusedWindows = new Map<string, number>();

/**
 * Throws 429 with Retry-After when the token used up its window:
 * `requestCount` is the stored count plus this instance's unwritten
 * requests, this one included (lib/scim-api/request-counter.ts).
 */
export function enforceScimRateLimit({
  tokenId,
  requestCount,
  windowStart,
}: {
  tokenId: string;
  requestCount: number;
  /** Null while the window is not written yet: it began at most moments ago. */
  windowStart: Date | null;
}) {
  const limit = scimRateLimitPerMinute();
  if (requestCount <= limit) return;

  const began = windowStart?.getTime() ?? Date.now();
  const windowEnds = began + SCIM_RATE_WINDOW_SECONDS * 1000;
  const retryAfter = Math.max(1, Math.ceil((windowEnds - Date.now()) / 1000));
  // A window not yet written has key 0, so it is recorded once before and
  // once after its first write at most.
  const windowKey = windowStart?.getTime() ?? 0;
  const isFirstRefusal = refusedWindows.get(tokenId) !== windowKey;
  if (isFirstRefusal) {
    if (refusedWindows.size >= 10_000) refusedWindows.clear();
    refusedWindows.set(tokenId, windowKey);
  }
  throw new RateLimitError(retryAfter, isFirstRefusal);
}
