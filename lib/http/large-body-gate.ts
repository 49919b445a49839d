import { ScimError } from "@/lib/scim/errors";

/** Bodies above this many bytes take turns; IdPs send a few kilobytes. */
export const LARGE_BODY_BYTES = 64 * 1024;

export interface Gate {
  /**
   * Resolves, once a slot is free, with the function that frees it again
   * (calling it twice frees one slot). Throws a 503 SCIM error when
   * `maxWaiting` requests are already waiting.
   */
  enter: () => Promise<() => void>;
}

/**
 * At most `slots` holders at once; the others wait in the order they came.
 *
 * For the SCIM front's large bodies: fifty clients sending bodies near the
 * 1 MiB limit at once had fifty bodies decoded, parsed and checked at the
 * same time. The app reached 400 MB, and some answers took over 10 s, as
 * each body's work interleaved with every other's. A waiting body holds
 * only its bytes (at most 1 MiB).
 */
export function createGate(slots: number, maxWaiting: number): Gate {
  let held = 0;
  const waiting: (() => void)[] = [];
  const leave = () => {
    const next = waiting.shift();
    // The slot passes to the next in line, or is free again.
    if (next) next();
    else held--;
  };
  const ticket = () => {
    let isLeft = false;

    return () => {
      if (isLeft) return;
      isLeft = true;
      leave();
    };
  };

  return {
    async enter() {
      if (held < slots) {
        held++;

        return ticket();
      }
      if (waiting.length >= maxWaiting) {
        throw new ScimError(
          503,
          "Too many large requests are being handled; try again shortly.",
          undefined,
          { "Retry-After": "1" },
        );
      }
      await new Promise<void>((resolve) => waiting.push(resolve));

      return ticket();
    },
  };
}
